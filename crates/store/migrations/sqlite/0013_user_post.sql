-- The post (职务) of an account's holder: every act on the record names who did it by name and post.
ALTER TABLE app_user ADD COLUMN post TEXT NOT NULL DEFAULT '';
