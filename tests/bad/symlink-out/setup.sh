ln -s /etc/hostname content/basics/outside.md
ln -s /etc content/escape
