/* serve: build, serve, watch, rebuild (see serve.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/mem.h"
#include "base/proc.h"
#include "serve/http.h"
#include "serve/serve.h"
#include "serve/watch.h"

extern char **environ;

/* Saves come in bursts (an editor writes a scratch file, renames it, sets
 * its mode): a build starts once the bank has been quiet this long, or
 * this much after the first event however busy it stays. */
#define QUIET_MS	15
#define BURST_MS	250

/* The loop's state, shared with the server's threads through lock. */
struct server {
	const struct serve_options *so;
	const struct serve_hooks *hooks;
	struct http	*http;
	struct watch	*watch;
	char		*theme;		/* the theme's directories, as watched */
	int		 wake[2];	/* a PDF was asked for */
	pthread_mutex_t	 lock;
	pthread_cond_t	 pdf_done;
	unsigned long	 bank_gen;	/* rebuilds so far */
	unsigned long	 pdf_gen;	/* the rebuild the PDFs are of (0: none) */
	int		 pdf_rc;
	char		*pdf_msgs;	/* the PDF build's diagnostics */
	int		 pdf_wanted, stopping;
	int		 waiters;	/* connections waiting for the PDFs */
	struct proc	 typesetter;	/* running when running */
	int		 running;
	unsigned long	 running_gen;
	struct buf	 child_msgs;
};

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* In a connection's thread (http_pdf_fn): wait until the PDFs are of the
 * bank as it is now. */
static int
pdf_fresh(void *ctx, char **why)
{
	struct server *sv = ctx;
	unsigned long want;
	int rc;

	pthread_mutex_lock(&sv->lock);
	want = sv->bank_gen;
	sv->waiters++;
	while (!sv->stopping && sv->pdf_gen < want) {
		if (!sv->pdf_wanted) {
			sv->pdf_wanted = 1;
			/* A full pipe has woken the loop already. */
			(void)!write(sv->wake[1], "", 1);
		}
		pthread_cond_wait(&sv->pdf_done, &sv->lock);
	}
	sv->waiters--;
	rc = sv->stopping ? -1 : sv->pdf_rc;
	if (rc < 0)
		*why = xstrdup(sv->stopping ? "qbook serve is stopping\n" :
		    sv->pdf_msgs ? sv->pdf_msgs : "");
	pthread_mutex_unlock(&sv->lock);
	return rc;
}

/* In the typesetting process: build the PDFs, send the diagnostics. */
static int
typeset(void *ctx, int fd)
{
	struct server *sv = ctx;
	struct buf msgs = BUF_INIT;
	int rc = sv->hooks->pdf(sv->hooks->ctx, &msgs);

	if (fsx_write_all(fd, msgs.data ? msgs.data : "", msgs.len) < 0)
		rc = -1;
	buf_release(&msgs);
	return rc;
}

/* Start a PDF build when one is wanted, none runs and the PDFs are old. */
static void
maybe_typeset(struct server *sv)
{
	unsigned long gen;
	int go;

	pthread_mutex_lock(&sv->lock);
	go = sv->pdf_wanted && !sv->running && sv->pdf_gen < sv->bank_gen;
	gen = sv->bank_gen;
	pthread_mutex_unlock(&sv->lock);
	if (!go)
		return;
	buf_reset(&sv->child_msgs);
	if (proc_start(&sv->typesetter, "qbook-pdf", "PDF process", typeset, sv) < 0) {
		/* No second process: answer the waiters rather than hang them. */
		pthread_mutex_lock(&sv->lock);
		sv->pdf_gen = gen;
		sv->pdf_rc = -1;
		free(sv->pdf_msgs);
		sv->pdf_msgs = xstrdup("qbook serve could not start a process to build the PDFs\n");
		pthread_cond_broadcast(&sv->pdf_done);
		pthread_mutex_unlock(&sv->lock);
		return;
	}
	sv->running = 1;
	sv->running_gen = gen;
	printf("building the PDFs\n");
	fflush(stdout);
}

/* The typesetting process wrote to its pipe, or ended. */
static void
take_typeset(struct server *sv)
{
	char chunk[4096];
	ssize_t n = read(sv->typesetter.fd, chunk, sizeof(chunk));
	int rc;

	if (n > 0) {
		buf_add(&sv->child_msgs, chunk, (size_t)n);
		return;
	}
	if (n < 0 && errno == EINTR)
		return;
	rc = proc_finish(&sv->typesetter);
	sv->running = 0;
	fputs(sv->child_msgs.data ? sv->child_msgs.data : "", stderr);
	printf(rc == 0 ? "the PDFs are up to date\n" : "the PDFs could not be built\n");
	fflush(stdout);
	pthread_mutex_lock(&sv->lock);
	sv->pdf_gen = sv->running_gen;
	sv->pdf_rc = rc;
	free(sv->pdf_msgs);
	sv->pdf_msgs = xstrdup(sv->child_msgs.data ? sv->child_msgs.data : "");
	/* Built when asked for: saves later make no PDF until one is. */
	sv->pdf_wanted = sv->waiters > 0 && sv->pdf_gen < sv->bank_gen;
	pthread_cond_broadcast(&sv->pdf_done);
	pthread_mutex_unlock(&sv->lock);
	maybe_typeset(sv);	/* the bank changed meanwhile, and someone waits */
}

/* Watch the theme's directories when they changed (a new theme: in
 * qbook.yaml, say).  A directory no longer used stays watched: a save
 * there costs one rebuild that changes nothing. */
static void
watch_theme(struct server *sv, char *theme)
{
	if (theme == NULL || (sv->theme != NULL && strcmp(sv->theme, theme) == 0)) {
		free(theme);
		return;
	}
	for (char *p = theme; *p != '\0';) {
		size_t n = strcspn(p, "\n");
		char *dir = xstrndup(p, n);

		if (fsx_is_dir(dir) && watch_tree(sv->watch, dir) < 0)
			fprintf(stderr, "qbook: warning: cannot watch theme '%s': %s\n", dir,
			    strerror(errno));
		free(dir);
		p += n + (p[n] == '\n');
	}
	free(sv->theme);
	sv->theme = theme;
}

/* Build the site and tell the pages. */
static void
rebuild(struct server *sv, int first)
{
	struct buf changed = BUF_INIT, msgs = BUF_INIT, json = BUF_INIT;
	struct timespec t0;
	const char *p;
	size_t pos = 0, len, nchanged = 0, rendered = 0, kept = 0;
	char *theme = NULL;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = sv->hooks->site(sv->hooks->ctx, &changed, &msgs, &theme, &rendered, &kept);
	buf_adds(&json, "[");
	while (buf_take_part(&changed, &pos, &p, &len) == 0) {
		struct buf one = BUF_INIT;

		buf_add(&one, p, len);
		buf_printf(&json, "%s\"/", nchanged++ ? "," : "");
		buf_add_json(&json, one.data);
		buf_adds(&json, "\"");
		buf_release(&one);
	}
	buf_adds(&json, "]");
	fputs(msgs.data ? msgs.data : "", stderr);
	if (rc == 0)
		printf("%s the site in %ld ms: %zu file%s changed; %zu question "
		    "page%s rendered, %zu kept\n", first ? "built" : "rebuilt",
		    ms_since(&t0), nchanged, nchanged == 1 ? "" : "s", rendered,
		    rendered == 1 ? "" : "s", kept);
	else
		printf("the build failed (%ld ms): the pages keep the last good site\n",
		    ms_since(&t0));
	fflush(stdout);
	pthread_mutex_lock(&sv->lock);
	sv->bank_gen++;
	pthread_mutex_unlock(&sv->lock);
	/* Problems are shown only while the build fails; warnings of a
	 * good build are for the terminal. */
	if (sv->http != NULL)
		http_publish(sv->http, json.data, rc == 0 ? "" : msgs.data ? msgs.data : "");
	watch_theme(sv, theme);
	buf_release(&changed);
	buf_release(&msgs);
	buf_release(&json);
}

/* Wait until the bank is quiet (see QUIET_MS); returns 0, or -1 on a
 * read error. */
static int
settle(struct server *sv)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pf = { watch_fd(sv->watch), POLLIN, 0 };
		long left = BURST_MS - ms_since(&t0);
		int n;

		if (left <= 0)
			return 0;
		n = poll(&pf, 1, left < QUIET_MS ? (int)left : QUIET_MS);
		if (n == 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0 && watch_read(sv->watch) < 0)
			return -1;
	}
}

/* Open url in the desktop's browser (xdg-open), without waiting. */
static void
open_browser(const char *url)
{
	char *argv[] = { (char *)"xdg-open", (char *)url, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ) != 0)
		fprintf(stderr, "qbook: warning: cannot open a browser (xdg-open): open %s "
		    "yourself\n", url);
	posix_spawn_file_actions_destroy(&fa);
}

/* The loop: returns when SIGINT or SIGTERM came, or -1 on a system error. */
static int
loop(struct server *sv, int sigfd)
{
	for (;;) {
		struct pollfd pf[4] = {
			{ sigfd, POLLIN, 0 },
			{ watch_fd(sv->watch), POLLIN, 0 },
			{ sv->wake[0], POLLIN, 0 },
			{ sv->running ? sv->typesetter.fd : -1, POLLIN, 0 },
		};
		int n = poll(pf, 4, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_system("qbook serve stopped waiting for changes: %s", strerror(errno));
			return -1;
		}
		if (pf[0].revents)
			return 0;
		if (pf[1].revents) {
			int count = watch_read(sv->watch);

			if (count < 0 || (count > 0 && settle(sv) < 0)) {
				diag_system("cannot watch '%s' any more: %s", sv->so->content,
				    strerror(errno));
				return -1;
			}
			if (count > 0)
				rebuild(sv, 0);
		}
		if (pf[2].revents) {
			char drain[64];

			if (read(sv->wake[0], drain, sizeof(drain)) < 0 && errno != EAGAIN)
				return -1;
		}
		if (pf[3].revents)
			take_typeset(sv);
		maybe_typeset(sv);
	}
}

/* Signals come to the loop as input; every thread made later (the
 * server's) inherits the mask, so none of them takes a signal. */
static int
catch_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, old);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* The pipe through which connections wake the loop: neither end blocks,
 * and no process started later inherits them. */
static int
make_wake_pipe(int fd[2])
{
	if (pipe(fd) < 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (fcntl(fd[i], F_SETFD, FD_CLOEXEC) < 0 ||
		    fcntl(fd[i], F_SETFL, O_NONBLOCK) < 0)
			return -1;
	return 0;
}

static void
server_release(struct server *sv)
{
	if (sv->running)
		proc_abandon(&sv->typesetter);
	pthread_mutex_lock(&sv->lock);
	sv->stopping = 1;
	pthread_cond_broadcast(&sv->pdf_done);
	pthread_mutex_unlock(&sv->lock);
	http_stop(sv->http);
	watch_free(sv->watch);
	if (sv->wake[0] >= 0) {
		close(sv->wake[0]);
		close(sv->wake[1]);
	}
	pthread_cond_destroy(&sv->pdf_done);
	pthread_mutex_destroy(&sv->lock);
	buf_release(&sv->child_msgs);
	free(sv->pdf_msgs);
	free(sv->theme);
}

int
serve_run(const struct serve_options *so, const struct serve_hooks *hooks)
{
	struct server sv;
	struct buf url = BUF_INIT;
	sigset_t old;
	int sigfd, rc = -1;

	memset(&sv, 0, sizeof(sv));
	/* A client that leaves mid-response must not end the server. */
	signal(SIGPIPE, SIG_IGN);
	sv.so = so;
	sv.hooks = hooks;
	sv.wake[0] = sv.wake[1] = -1;
	buf_init(&sv.child_msgs);
	pthread_mutex_init(&sv.lock, NULL);
	pthread_cond_init(&sv.pdf_done, NULL);
	if ((sigfd = catch_signals(&old)) < 0 || make_wake_pipe(sv.wake) < 0 ||
	    (sv.watch = watch_new()) == NULL) {
		diag_system("cannot start qbook serve: %s", strerror(errno));
		goto done;
	}
	/* The output is never input, wherever it lies (made now, so that it
	 * can be told apart before the first build). */
	if (fsx_mkdirs(so->out, NULL, NULL) < 0) {
		diag_system("cannot make the output directory '%s': %s", so->out, strerror(errno));
		goto done;
	}
	watch_ignore(sv.watch, so->out);
	if (watch_tree(sv.watch, so->content) < 0) {
		diag_system("cannot watch '%s' for changes: %s", so->content, strerror(errno));
		goto done;
	}
	if (http_start(&sv.http, so->out, so->bind, so->port, pdf_fresh, &sv) < 0)
		goto done;
	rebuild(&sv, 1);
	buf_printf(&url, "http://%s%s%s:%u/", strchr(so->bind, ':') ? "[" : "", so->bind,
	    strchr(so->bind, ':') ? "]" : "", http_port(sv.http));
	printf("serving %s/site at %s (Ctrl-C to stop)\n", so->out, url.data);
	fflush(stdout);
	if (so->open)
		open_browser(url.data);
	rc = loop(&sv, sigfd);
	if (rc == 0)
		printf("stopped; the output stays in %s\n", so->out);
done:
	server_release(&sv);
	if (sigfd >= 0)
		close(sigfd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	buf_release(&url);
	return rc;
}
