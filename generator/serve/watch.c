/* watch: inotify over directory trees (see watch.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "base/fsx.h"
#include "base/mem.h"
#include "serve/watch.h"

/* What changes a bank: files written, moved, made or removed. */
#define WATCH_MASK	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | \
			 IN_DELETE | IN_DELETE_SELF | IN_ONLYDIR)

struct ignored {
	unsigned long long dev, ino;
};

struct watch {
	int		 fd;
	char		**paths;	/* by watch descriptor: its directory */
	size_t		 npaths;
	struct ignored	*ignored;
	size_t		 nignored, capignored;
};

struct watch *
watch_new(void)
{
	struct watch *w;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0)
		return NULL;
	w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	return w;
}

void
watch_ignore(struct watch *w, const char *dir)
{
	struct ignored id;

	if (fsx_identity(dir, &id.dev, &id.ino) < 0)
		return;
	GROW(w->ignored, w->capignored, w->nignored + 1);
	w->ignored[w->nignored++] = id;
}

static int
is_ignored(const struct watch *w, const char *dir)
{
	struct ignored id;

	if (fsx_identity(dir, &id.dev, &id.ino) < 0)
		return 1;	/* gone already */
	for (size_t i = 0; i < w->nignored; i++)
		if (w->ignored[i].dev == id.dev && w->ignored[i].ino == id.ino)
			return 1;
	return 0;
}

/* Remember that watch descriptor wd is directory dir. */
static void
remember(struct watch *w, int wd, const char *dir)
{
	size_t need = (size_t)wd + 1;

	if (need > w->npaths) {
		w->paths = xrealloc(w->paths, size_mul(need, sizeof(*w->paths)));
		memset(w->paths + w->npaths, 0, (need - w->npaths) * sizeof(*w->paths));
		w->npaths = need;
	}
	free(w->paths[wd]);
	w->paths[wd] = xstrdup(dir);
}

int
watch_tree(struct watch *w, const char *root)
{
	struct fsx_entry *ents;
	size_t n;
	int wd;

	if (is_ignored(w, root))
		return 0;
	if ((wd = inotify_add_watch(w->fd, root, WATCH_MASK)) < 0)
		return -1;
	remember(w, wd, root);
	if (fsx_list(root, &ents, &n) < 0)
		return 0;	/* removed meanwhile: its events say so */
	for (size_t i = 0; i < n; i++) {
		char *sub;

		if (ents[i].type != FSX_DIR || ents[i].name[0] == '.')
			continue;
		sub = fsx_join(root, ents[i].name);
		(void)watch_tree(w, sub);	/* a vanished one does not matter */
		free(sub);
	}
	fsx_list_free(ents, n);
	return 0;
}

int
watch_fd(const struct watch *w)
{
	return w->fd;
}

/* Whether an event on a file named name changes nothing a build reads. */
static int
is_scratch(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || (n > 0 && name[n - 1] == '~') || strcmp(name, "4913") == 0;
}

/* Count one event; a directory made (or moved in) is watched too. */
static int
take_event(struct watch *w, const struct inotify_event *ev)
{
	const char *dir;

	if (ev->mask & IN_Q_OVERFLOW)
		return 1;	/* lost some: assume they mattered */
	if (ev->wd < 0 || (size_t)ev->wd >= w->npaths || (dir = w->paths[ev->wd]) == NULL)
		return 0;
	if (ev->mask & IN_IGNORED) {
		free(w->paths[ev->wd]);
		w->paths[ev->wd] = NULL;
		return 0;
	}
	if (ev->len == 0)
		return (ev->mask & IN_DELETE_SELF) != 0;
	if (is_scratch(ev->name))
		return 0;
	if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		char *sub = fsx_join(dir, ev->name);

		(void)watch_tree(w, sub);
		free(sub);
	}
	return 1;
}

int
watch_read(struct watch *w)
{
	char data[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	int count = 0;

	for (;;) {
		ssize_t got = read(w->fd, data, sizeof(data));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN)
			return count;
		if (got <= 0)
			return -1;
		for (char *p = data; p < data + got;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;

			count += take_event(w, ev);
			p += sizeof(*ev) + ev->len;
		}
	}
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->npaths; i++)
		free(w->paths[i]);
	free(w->paths);
	free(w->ignored);
	free(w);
}
