-- 043: the public verification page says whether a later document corrects
-- the one verified (issue 9); see the SQLite twin.
CREATE INDEX documents_corrects ON documents(corrects_document_id)
    WHERE corrects_document_id IS NOT NULL;
