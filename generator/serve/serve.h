/*
 * serve: the loop of qbook serve.  It builds the site, serves the output
 * directory (http.h), watches the bank and its theme (watch.h), rebuilds
 * the site on every save and tells the open pages (live reload, or the
 * build's problems as an overlay; a failed build leaves the last good site
 * in place).  The PDFs are built when one is asked for, by a second process
 * (proc.h), so the site's rebuilds never wait for typesetting.  Ctrl-C
 * (SIGINT) or SIGTERM ends it; the output stays.
 *
 * The builds themselves are the caller's, through hooks, so that serve
 * depends on no stage above base/.
 */
#ifndef QBOOK_SERVE_H
#define QBOOK_SERVE_H

#include "base/buf.h"

struct serve_options {
	const char	*content;	/* the bank */
	const char	*out;		/* the output directory */
	const char	*bind;		/* numeric address; "127.0.0.1" */
	unsigned	 port;		/* 0: any free port */
	int		 open;		/* open the site in a browser */
};

struct serve_hooks {
	/*
	 * Build the site into out, in this process.  Appends its diagnostics
	 * (as text) to msgs, and each site file whose bytes it changed to
	 * changed as a part (buf_add_part: "index.html", relative to the
	 * site).  Sets *theme to the directories outside the bank that
	 * the build read (the theme's, an image's) joined by '\n'
	 * (malloc'd), or NULL when it got no theme.  Sets *rendered and
	 * *kept to the question pages it rendered and those it kept from
	 * the build before, their inputs unchanged.  Returns 0, or -1 when
	 * the build failed and wrote nothing.
	 */
	int	(*site)(void *ctx, struct buf *changed, struct buf *msgs, char **theme,
		    size_t *rendered, size_t *kept);
	/* Build the PDFs into out, in a process of their own; diagnostics as
	 * for site.  Returns 0 or -1. */
	int	(*pdf)(void *ctx, struct buf *msgs);
	void	*ctx;
};

/* Serve until told to stop.  Returns 0, or -1 after reporting why it could
 * not start (the port is taken, say). */
int	 serve_run(const struct serve_options *so, const struct serve_hooks *hooks);

#endif
