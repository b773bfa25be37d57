-- 038: the public decisions search by a fragment of the party's name without
-- reading every published row (issue 12). LIKE '%…%' cannot seek an index: a
-- name that matches nothing among 666,672 published decisions took 87 ms
-- (bench/portal.sh, migration 029's covering index walked whole). An FTS5
-- table with the trigram tokenizer (SQLite 3.34+, Debian 12 ships 3.40)
-- answers "which rows contain these three characters" from an index; a
-- query of three characters or more is looked up here first and its rows
-- then checked with the same LIKE as before (store/publications.c), so the
-- answer is the old one. Fewer than three characters: the trigram index
-- cannot answer (FTS5 finds nothing for them), the old LIKE walk is kept.
--
-- External content (content='publications'): the index holds the trigrams
-- only, the names stay in publications; the triggers keep the two in step
-- on every insert, delete and change of party_name.
CREATE VIRTUAL TABLE publications_name_fts USING fts5(
    party_name, content = 'publications', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO publications_name_fts (publications_name_fts) VALUES ('rebuild');

CREATE TRIGGER publications_name_fts_ins AFTER INSERT ON publications BEGIN
    INSERT INTO publications_name_fts (rowid, party_name) VALUES (new.id, new.party_name);
END;
CREATE TRIGGER publications_name_fts_del AFTER DELETE ON publications BEGIN
    INSERT INTO publications_name_fts (publications_name_fts, rowid, party_name)
    VALUES ('delete', old.id, old.party_name);
END;
CREATE TRIGGER publications_name_fts_upd AFTER UPDATE OF id, party_name ON publications BEGIN
    INSERT INTO publications_name_fts (publications_name_fts, rowid, party_name)
    VALUES ('delete', old.id, old.party_name);
    INSERT INTO publications_name_fts (rowid, party_name) VALUES (new.id, new.party_name);
END;
