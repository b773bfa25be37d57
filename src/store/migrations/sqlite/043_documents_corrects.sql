-- 043: the public verification page says whether a later document corrects
-- the one verified (issue 9); without an index that question read every
-- document on each unauthenticated request.
CREATE INDEX documents_corrects ON documents(corrects_document_id)
    WHERE corrects_document_id IS NOT NULL;
