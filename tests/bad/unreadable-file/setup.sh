cp content/basics/lists.md content/basics/secret.md
chmod 000 content/basics/secret.md
