/* http: the preview server over libmicrohttpd (see http.h). */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/mem.h"
#include "serve/http.h"

/* A file larger than this is not served (no file qbook writes comes near). */
#define HTTP_FILE_CAP	((size_t)1 << 30)
/* An idle event stream sends a comment this often, so that a client that
 * went away is noticed and its thread ends. */
#define HTTP_PING_SECONDS	15

struct http {
	struct MHD_Daemon *daemon;
	char		*out;
	http_pdf_fn	 pdf;
	void		*ctx;
	pthread_mutex_t	 lock;		/* guards what follows */
	pthread_cond_t	 changed;	/* gen or stopping changed */
	unsigned long	 gen;		/* the last build published */
	char		*event;		/* its JSON object */
	int		 stopping;
};

/* The page every HTML response gets, and the overlay it draws. */
static const char live_js[] =
    "/* qbook serve: reload this page when a build changes it, and show the\n"
    " * build's problems over it.  Served by qbook serve only. */\n"
    "(function () {\n"
    "  'use strict';\n"
    "  var me = document.currentScript;\n"
    "  var seen = Number(me && me.dataset.gen) || 0;\n"
    "  var box = null;\n"
    "  function path(u) {\n"
    "    var p = new URL(u, location.href);\n"
    "    if (p.origin !== location.origin) return null;\n"
    "    return p.pathname.endsWith('/') ? p.pathname + 'index.html' : p.pathname;\n"
    "  }\n"
    "  function uses() {\n"
    "    var all = [path(location.href)];\n"
    "    document.querySelectorAll('script[src], link[href]').forEach(function (el) {\n"
    "      all.push(path(el.src || el.href));\n"
    "    });\n"
    "    return all;\n"
    "  }\n"
    "  function show(text) {\n"
    "    if (!text) {\n"
    "      if (box) { box.remove(); box = null; }\n"
    "      return;\n"
    "    }\n"
    "    if (!box) {\n"
    "      box = document.createElement('div');\n"
    "      box.id = 'qbook-serve-problems';\n"
    "      box.setAttribute('role', 'alert');\n"
    "      var s = box.style;\n"
    "      s.position = 'fixed'; s.insetInline = '0'; s.bottom = '0'; s.zIndex = '2147483647';\n"
    "      s.maxHeight = '60vh'; s.overflow = 'auto'; s.margin = '0'; s.padding = '1rem 1.25rem';\n"
    "      s.background = '#2b0d0d'; s.color = '#fde8e8'; s.borderTop = '4px solid #e5484d';\n"
    "      s.font = '14px/1.45 ui-monospace, Menlo, Consolas, monospace';\n"
    "      s.boxShadow = '0 -8px 24px rgba(0,0,0,.35)';\n"
    "      var h = document.createElement('strong');\n"
    "      h.textContent = 'qbook: the last build failed; this page is from the build before it.';\n"
    "      h.style.display = 'block'; h.style.marginBottom = '.5rem';\n"
    "      var pre = document.createElement('pre');\n"
    "      var t = pre.style;  /* none of the theme's look for pre */\n"
    "      t.margin = '0'; t.padding = '0'; t.border = '0'; t.borderRadius = '0';\n"
    "      t.background = 'none'; t.boxShadow = 'none'; t.color = 'inherit';\n"
    "      t.font = 'inherit'; t.whiteSpace = 'pre-wrap'; t.overflow = 'visible';\n"
    "      box.appendChild(h); box.appendChild(pre);\n"
    "      document.body.appendChild(box);\n"
    "    }\n"
    "    box.querySelector('pre').textContent = text;\n"
    "  }\n"
    "  var events = new EventSource('/__qbook/events');\n"
    "  events.onmessage = function (e) {\n"
    "    var m = JSON.parse(e.data);\n"
    "    show(m.errors);\n"
    "    if (m.gen <= seen) return;\n"
    "    var missed = m.gen > seen + 1, mine = uses();\n"
    "    seen = m.gen;\n"
    "    if (missed || m.changed.some(function (p) { return mine.indexOf(p) >= 0; })) {\n"
    "      events.close();\n"
    "      location.reload();\n"
    "    }\n"
    "  };\n"
    "})();\n";

struct mime {
	const char *ext, *type;
};

static const struct mime mimes[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".xml", "application/xml" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".gif", "image/gif" },
	{ ".webp", "image/webp" },
	{ ".ico", "image/vnd.microsoft.icon" },
	{ ".pdf", "application/pdf" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".ttf", "font/ttf" },
	{ ".otf", "font/otf" },
};

static const char *
mime_of(const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++) {
		size_t k = strlen(mimes[i].ext);

		if (n > k && strcasecmp(path + n - k, mimes[i].ext) == 0)
			return mimes[i].type;
	}
	return "application/octet-stream";
}

/* Queue a response of len bytes at p (copied) with status and type. */
static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *type, const void *p,
    size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)p, MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* html with the live script before its last </body> (or at its end). */
static void
add_live_script(struct http *h, struct buf *html)
{
	struct buf tag = BUF_INIT;
	const char *end = NULL;
	size_t at;
	unsigned long gen;

	pthread_mutex_lock(&h->lock);
	gen = h->gen;
	pthread_mutex_unlock(&h->lock);
	buf_printf(&tag, "<script src=\"/__qbook/live.js\" data-gen=\"%lu\"></script>\n", gen);
	for (const char *p = html->data; (p = strstr(p, "</body>")) != NULL; p++)
		end = p;
	at = end != NULL ? (size_t)(end - html->data) : html->len;
	buf_grow(html, tag.len);
	memmove(html->data + at + tag.len, html->data + at, html->len - at + 1);
	memcpy(html->data + at, tag.data, tag.len);
	html->len += tag.len;
	buf_release(&tag);
}

/* Whether url (decoded, starting with '/') names nothing outside its
 * directory and nothing hidden: no segment that is empty or starts with
 * '.' (so no ".." either), no backslash. */
static int
is_plain_path(const char *url)
{
	if (url[0] != '/' || strchr(url, '\\') != NULL)
		return 0;
	for (const char *p = url + 1; *p != '\0';) {
		size_t n = strcspn(p, "/");

		if ((n == 0 && p[n] != '\0') || p[0] == '.')
			return 0;
		p += n + (p[n] == '/');
	}
	return 1;
}

/* Whether url is one of the PDFs, which lie in OUT rather than OUT/site. */
static int
is_pdf_url(const char *url)
{
	size_t n = strlen(url);

	return strcmp(url, "/guide.pdf") == 0 || (strncmp(url, "/guides/", 8) == 0 &&
	    strchr(url + 8, '/') == NULL && n > 12 && strcmp(url + n - 4, ".pdf") == 0);
}

/* The file url maps to (malloc'd), or NULL when none may be served. */
static char *
file_for(const struct http *h, const char *url)
{
	char *root, *path, *real;
	struct buf rel = BUF_INIT;
	enum fsx_type type;
	int inside;

	if (!is_plain_path(url))
		return NULL;
	buf_adds(&rel, is_pdf_url(url) ? "" : "site");
	buf_adds(&rel, url);
	if (rel.data[rel.len - 1] == '/')
		buf_adds(&rel, "index.html");
	root = realpath(h->out, NULL);
	path = fsx_join(h->out, rel.data);
	buf_release(&rel);
	inside = root != NULL ? fsx_inside(root, path, &type) : 0;
	/* Directories are never listed: only a file is served. */
	real = inside == 1 && type == FSX_FILE ? xstrdup(path) : NULL;
	free(root);
	free(path);
	return real;
}

static enum MHD_Result
not_found(struct http *h, struct MHD_Connection *c)
{
	static const char plain[] =
	    "<!DOCTYPE html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title>\n"
	    "<body><h1>Not found</h1><p>qbook serve has no such file in this site.</p></body></html>\n";
	struct buf page = BUF_INIT;
	char *path = file_for(h, "/404.html");
	enum MHD_Result rc;

	if (path == NULL || fsx_read(path, HTTP_FILE_CAP, &page, NULL) != 0) {
		buf_reset(&page);
		buf_adds(&page, plain);
	}
	free(path);
	add_live_script(h, &page);
	rc = reply(c, MHD_HTTP_NOT_FOUND, "text/html; charset=utf-8", page.data, page.len);
	buf_release(&page);
	return rc;
}

static enum MHD_Result
serve_file(struct http *h, struct MHD_Connection *c, const char *url)
{
	char *path, *why = NULL;
	struct buf data = BUF_INIT;
	const char *type;
	enum MHD_Result rc;

	if (is_pdf_url(url) && is_plain_path(url) && h->pdf(h->ctx, &why) < 0) {
		/* The PDFs could not be made: say why instead. */
		rc = reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
		    why ? why : "", why ? strlen(why) : 0);
		free(why);
		return rc;
	}
	path = file_for(h, url);
	if (path == NULL || fsx_read(path, HTTP_FILE_CAP, &data, NULL) != 0) {
		free(path);
		buf_release(&data);
		return not_found(h, c);
	}
	type = mime_of(path);
	if (strncmp(type, "text/html", 9) == 0)
		add_live_script(h, &data);
	rc = reply(c, MHD_HTTP_OK, type, data.data, data.len);
	free(path);
	buf_release(&data);
	return rc;
}

/* An event stream: what it has sent and what it still has to. */
struct stream {
	struct http	*h;
	unsigned long	 gen;	/* the build it last told about (0: none) */
	struct buf	 pending;
	size_t		 off;
};

/* Wait for a build the client has not heard of, or for the ping time;
 * fill s->pending.  Returns 0, or -1 when the server is stopping. */
static int
next_event(struct stream *s)
{
	struct http *h = s->h;
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += HTTP_PING_SECONDS;
	buf_reset(&s->pending);
	s->off = 0;
	pthread_mutex_lock(&h->lock);
	while (!h->stopping && s->gen == h->gen)
		if (pthread_cond_timedwait(&h->changed, &h->lock, &until) == ETIMEDOUT)
			break;
	if (h->stopping)
		rc = -1;
	else if (s->gen != h->gen) {
		buf_printf(&s->pending, "%sdata: %s\n\n", s->gen == 0 ? "retry: 500\n" : "",
		    h->event);
		s->gen = h->gen;
	} else
		buf_adds(&s->pending, ": ping\n\n");
	pthread_mutex_unlock(&h->lock);
	return rc;
}

static ssize_t
read_stream(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *s = cls;
	size_t n;

	(void)pos;
	if (s->off == s->pending.len && next_event(s) < 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = s->pending.len - s->off;
	if (n > max)
		n = max;
	memcpy(out, s->pending.data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void
free_stream(void *cls)
{
	struct stream *s = cls;

	buf_release(&s->pending);
	free(s);
}

static enum MHD_Result
open_stream(struct http *h, struct MHD_Connection *c)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	struct MHD_Response *r;
	enum MHD_Result rc;

	s->h = h;
	buf_init(&s->pending);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_stream, s,
	    free_stream);
	if (r == NULL) {
		free_stream(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct http *h = cls;

	(void)version;
	(void)upload;
	(void)state;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
		    "GET or HEAD only\n", 17);
	if (*upload_size != 0)
		return reply(c, MHD_HTTP_BAD_REQUEST, "text/plain; charset=utf-8",
		    "a GET has no body\n", 18);
	if (strcmp(url, "/__qbook/live.js") == 0)
		return reply(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", live_js,
		    sizeof(live_js) - 1);
	if (strcmp(url, "/__qbook/events") == 0)
		return open_stream(h, c);
	return serve_file(h, c, url);
}

/* The socket address for bind:port into *ss; 0, or -1 when bind is not a
 * numeric address. */
static int
address(const char *bind, unsigned port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints, *ai;
	char service[16];

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(bind, service, &hints, &ai) != 0)
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

int
http_start(struct http **hp, const char *out, const char *bind, unsigned port,
    http_pdf_fn pdf, void *ctx)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct http *h;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_POLL;

	*hp = NULL;
	if (address(bind, port, &ss, &sslen) < 0) {
		diag_usage("--bind wants a numeric IPv4 or IPv6 address, not '%s'", bind);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h = xcalloc(1, sizeof(*h));
	h->out = xstrdup(out);
	h->pdf = pdf;
	h->ctx = ctx;
	h->event = xstrdup("{\"gen\":0,\"changed\":[],\"errors\":\"\"}");
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->changed, NULL);
	errno = 0;
	h->daemon = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, answer, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_END);
	if (h->daemon == NULL) {
		diag_system("cannot serve on %s port %u: %s", bind, port,
		    errno ? strerror(errno) : "the HTTP server did not start");
		http_stop(h);
		return -1;
	}
	*hp = h;
	return 0;
}

unsigned
http_port(const struct http *h)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(h->daemon,
	    MHD_DAEMON_INFO_BIND_PORT);

	return i != NULL ? i->port : 0;
}

void
http_publish(struct http *h, const char *changed, const char *errors)
{
	struct buf ev = BUF_INIT;

	pthread_mutex_lock(&h->lock);
	h->gen++;
	buf_printf(&ev, "{\"gen\":%lu,\"changed\":%s,\"errors\":\"", h->gen, changed);
	buf_add_json(&ev, errors);
	buf_adds(&ev, "\"}");
	free(h->event);
	h->event = buf_detach(&ev, NULL);
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = 1;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
	if (h->daemon != NULL)
		MHD_stop_daemon(h->daemon);
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
	free(h->event);
	free(h->out);
	free(h);
}
