"""A real print queue for tests: a CUPS scheduler of the test session's own with a CUPS-PDF queue.

`cups_pdf` starts `cupsd -f` with every folder it uses (configuration, spool, cache, state,
logs) under one temporary folder, listening only on a Unix socket in that folder, which
`CUPS_SERVER` names (tests/conftest.py sets it before any test runs, so neither Qt nor the CUPS
command-line tools ever reach the machine's own scheduler). It adds one queue whose backend is
Debian's CUPS-PDF and stops the scheduler at the end of the session.

Two things about CUPS-PDF decide the set-up:

* its backend refuses to run without root privileges (it writes each PDF as the job's owner), so
  the queue exists only when the tests run as root; otherwise the tests that need it are skipped
  with that reason;
* it reads its configuration only from /etc/cups/cups-pdf.conf (the path is compiled in), which
  says where the PDFs go. Rather than edit that system file, the scheduler runs in a mount
  namespace of its own (`unshare --mount`) where our configuration is bind-mounted over it: the
  backend writes into our folder and nothing outside the test's folder changes, even if the run
  is killed.

The folder is world-readable because the scheduler runs its filters as the unprivileged `lp`
user, which must read the job files.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

QUEUE = "OneStopPDF"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
SYSTEM_CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")


def session_socket() -> Path:
    """A socket path for this session's scheduler, in a fresh world-traversable folder."""
    folder = Path(tempfile.mkdtemp(prefix="onestop-cups-"))
    folder.chmod(0o755)
    return folder / "cups.sock"


@dataclass
class CupsQueue:
    """A running scheduler and its CUPS-PDF queue; `out` is where the PDFs appear."""

    name: str
    folder: Path
    out: Path
    process: subprocess.Popen[bytes]

    def lp(self, *args: str) -> str:
        """Run a CUPS command-line tool against this scheduler; its output."""
        done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
        if done.returncode != 0:
            raise AssertionError(f"{shlex.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def pdfs(self) -> list[Path]:
        return sorted(self.out.glob("*.pdf"))

    def clear(self) -> None:
        """Remove the PDFs of earlier tests and leave the queue enabled and accepting jobs."""
        for pdf in self.pdfs():
            pdf.unlink()
        self.lp("cupsenable", self.name)
        self.lp("cupsaccept", self.name)

    def log(self) -> str:
        """The scheduler's and the backend's logs, to explain a failure."""
        parts = []
        for path in sorted((self.folder / "log").glob("*")):
            parts.append(f"== {path.name}\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)


def _write_config(folder: Path, socket: Path) -> tuple[Path, Path]:
    root = folder / "root"
    for sub in ("root/ppd", "spool/tmp", "cache", "state", "log", "out"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "out").chmod(0o755)
    files = root / "cups-files.conf"
    files.write_text(
        f"ServerRoot {root}\n"
        f"RequestRoot {folder / 'spool'}\n"
        f"TempDir {folder / 'spool/tmp'}\n"
        f"CacheDir {folder / 'cache'}\n"
        f"StateDir {folder / 'state'}\n"
        f"AccessLog {folder / 'log/access_log'}\n"
        f"ErrorLog {folder / 'log/error_log'}\n"
        f"PageLog {folder / 'log/page_log'}\n"
        "FileDevice No\n"
    )
    conf = root / "cupsd.conf"
    conf.write_text(
        f"Listen {socket}\n"
        "LogLevel info\n"
        "Browsing No\n"
        "WebInterface No\n"
        "DefaultAuthType None\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order allow,deny\n    Allow all\n  </Limit>\n"
        "</Policy>\n"
    )
    (folder / "cups-pdf.conf").write_text(
        f"Out {folder / 'out'}\n"
        f"AnonDirName {folder / 'out'}\n"
        f"Spool {folder / 'spool/cups-pdf'}\n"
        f"Log {folder / 'log'}\n"
        "LogType 3\n"
    )
    return conf, files


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture(scope="session")
def cups_pdf() -> Iterator[CupsQueue]:
    """The session's own CUPS scheduler with a CUPS-PDF queue (see the module's docstring)."""
    cupsd = shutil.which("cupsd") or ("/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists() else "")
    if not cupsd or not shutil.which("lpadmin"):
        pytest.skip("CUPS is not installed (scripts/setup.sh --dev installs cups)")
    if not CUPS_PDF_PPD.exists() or not SYSTEM_CUPS_PDF_CONF.exists():
        pytest.skip("CUPS-PDF is not installed (scripts/setup.sh --dev installs it)")
    if os.geteuid() != 0:
        pytest.skip("CUPS-PDF's backend runs only as root: run the print-queue tests as root")
    socket = Path(os.environ["CUPS_SERVER"])
    folder = socket.parent
    conf, files = _write_config(folder, socket)
    # The scheduler, in a mount namespace of its own where our cups-pdf.conf replaces the system's.
    script = (
        f"mount --bind {shlex.quote(str(folder / 'cups-pdf.conf'))} "
        f"{shlex.quote(str(SYSTEM_CUPS_PDF_CONF))} && "
        f"exec {shlex.quote(cupsd)} -f -c {shlex.quote(str(conf))} -s {shlex.quote(str(files))}"
    )
    stdout = (folder / "log" / "cupsd.out").open("wb")
    process = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        stdout=stdout,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        # the socket appears once the scheduler listens (polling: there is no signal to wait on)
        while not socket.exists():
            if process.poll() is not None:
                raise AssertionError(
                    "cupsd stopped at start: " + (folder / "log" / "cupsd.out").read_text()
                )
            if time.monotonic() > deadline:
                raise AssertionError("cupsd did not start listening within 30 s")
            time.sleep(0.05)
        queue = CupsQueue(QUEUE, folder, folder / "out", process)
        queue.lp("lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD))
        yield queue
    finally:
        _stop(process)
        stdout.close()
