/*
 * http: the preview server of qbook serve, over GNU libmicrohttpd (the one
 * module that uses it).
 *
 * It serves a built output directory OUT read-only: /guide.pdf and
 * /guides/NAME.pdf from OUT, every other path from OUT/site.  Only regular
 * files reached without leaving OUT (symbolic links resolved) are served;
 * "..", "." and empty path segments, directories and anything else are
 * 404, with the site's 404.html when it has one.  GET and HEAD only (405
 * otherwise).  Responses are never cached by the browser.
 *
 * Live reload.  Every HTML page served gets one script tag before
 * </body> (never written into OUT): /__qbook/live.js, which listens to the
 * Server-Sent Events at /__qbook/events.  Each event is one JSON object,
 * {"gen":N,"changed":["/path",...],"errors":"text"}: the build's number,
 * the site files it changed and its diagnostics ("" when clean).  A page
 * reloads when it, or a script or style sheet it uses, is among the files
 * changed, and shows the diagnostics over itself until a clean build.
 *
 * Threads: one per connection (an event stream blocks waiting for the next
 * build).  http_publish and http_stop are called from the serving loop.
 */
#ifndef QBOOK_HTTP_H
#define QBOOK_HTTP_H

struct http;

/* Called in a connection's thread when a PDF is asked for; returns once
 * the PDFs are up to date with the bank: 0, or -1 with *why (malloc'd
 * diagnostics) when they cannot be made. */
typedef int (*http_pdf_fn)(void *ctx, char **why);

/*
 * Serve out on address bind (numeric IPv4 or IPv6) and port (0: any free
 * port).  Returns 0, or -1 after reporting why (the port is taken, say).
 */
int	 http_start(struct http **h, const char *out, const char *bind, unsigned port,
	    http_pdf_fn pdf, void *ctx);
/* The port it listens on. */
unsigned http_port(const struct http *h);
/* Tell every open page about a build: changed is a JSON array of site paths
 * ("/index.html"), errors the diagnostics it printed ("" when none). */
void	 http_publish(struct http *h, const char *changed, const char *errors);
/* End every event stream, close every connection, free h. */
void	 http_stop(struct http *h);

#endif
