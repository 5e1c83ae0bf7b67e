-- 0007: the register book (Sổ theo dõi hồ sơ) lists the dossiers received in a period: an index
-- on the receiving time, so a month of a million-dossier desk is read without a full scan.
CREATE INDEX dossiers_received ON dossiers (received_at);
