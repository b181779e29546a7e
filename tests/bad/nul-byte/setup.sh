printf -- '---\ntitle: Nul\000 here\n---\n' >content/basics/nul.md
