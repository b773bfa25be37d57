-- 019: the portal keeps more than one text per bureau: 'portal' (the
-- document of 013: enforcement body, basis, procedures, rights, complaint
-- channels) and 'draw_rules' (the double-random inspection rules, Markdown;
-- 国办发〔2015〕58号 asks that the rules of the draw be published). Old rows
-- are all 'portal'. PostgreSQL twin of the SQLite migration.
ALTER TABLE portal_texts ADD COLUMN kind TEXT NOT NULL DEFAULT 'portal';
CREATE INDEX portal_texts_kind ON portal_texts(bureau_id, kind, id);
