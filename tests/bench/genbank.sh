#!/bin/sh
# Write a deterministic synthetic bank of N questions in the real content
# format, for benchmarks:  tests/bench/genbank.sh N OUTDIR [zh]
#
# 25 categories of uneven size, ~2 KB per question, 2-5 tags drawn
# Zipf-like from 300 concepts (a few index entries are huge), bold, inline
# code and links in every answer, a fenced code block in ~35% and a GFM table
# in ~20% of questions, three listen-for bullets each.  Uses its own linear
# congruential generator, so every awk gives the same bank.
#
# With zh the prose is Chinese: no spaces between words, which are common
# technical terms or, one in three, two ideographs drawn from the first
# 3,500 of the CJK block, so that the bank uses thousands of distinct
# characters (a real Chinese bank uses two to three thousand).
set -eu
N=$1
OUT=$2
LANG_=${3:-en}
rm -rf "$OUT"
mkdir -p "$OUT"
LC_ALL=C awk -v n="$N" -v out="$OUT" -v zh="$([ "$LANG_" = zh ] && echo 1 || echo 0)" '
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function pick(k) { return int(rnd() * k) }
function zipf(   u) { u = rnd(); return int(300 * u * u * u) }	# skewed towards 0
# A CJK ideograph as UTF-8 bytes (every awk prints %c of a number as a byte).
function ideograph(   cp) {
	cp = 19968 + pick(3500)
	return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
}
function word() {
	if (zh && rnd() < 1 / 3)
		return ideograph() ideograph()
	return vocab[pick(nv)]
}
function words(k,   s, i) {
	s = ""
	for (i = 0; i < k; i++) s = s (i ? sep : "") word()
	return s
}
BEGIN {
	seed = 42
	if (zh) {
		sep = ""
		nv = split("数值 对象 函数 方法 类 模块 包 线程 进程 队列 内存 引用 迭代器 " \
		    "生成器 装饰器 闭包 作用域 异常 上下文 管理器 缓冲区 数据流 套接字 请求 " \
		    "响应 缓存 索引 表格 列 记录 事务 锁 事件 循环 任务 回调 解析器 词法单元 " \
		    "模式 字段 接口 协议 库 框架 设计 测试 夹具 模拟 覆盖率 性能分析 延迟 " \
		    "吞吐量 服务 客户端 服务器 处理器 路由 模板", vocab, " ")
		lang = "language: zh-CN\n"
		fmt_cat = "---\ntitle: 第 %d 类\norder: %d\nsummary: 合成的第 %d 类。\n---\n\n%s。\n"
		fmt_title = "---\ntitle: 第 %d 题：关于%s？\n"
		fmt_para = "%s，**%s**和 `%s()`，参见[链接](https://example.org/%d)：%s。\n\n"
		fmt_end = "## What to listen for\n\n- %s。\n- %s。\n- %s。\n\n## Red flags\n\n- %s。\n\n" \
		    "## Follow-up questions\n\n- %s？\n"
	} else {
		sep = " "
		nv = split("value object function method class module package thread process queue " \
		    "memory reference iterator generator decorator closure scope exception context " \
		    "manager buffer stream socket request response cache index table column record " \
		    "transaction lock event loop task future callback parser token schema field " \
		    "interface protocol library framework pattern test fixture mock coverage profile " \
		    "latency throughput service client server handler router template", vocab, " ")
		lang = ""
		fmt_cat = "---\ntitle: Category %d\norder: %d\nsummary: Synthetic category %d.\n---\n\n%s.\n"
		fmt_title = "---\ntitle: Question %d about %s?\n"
		fmt_para = "%s **%s** and `%s()` with [a link](https://example.org/%d) %s.\n\n"
		fmt_end = "## What to listen for\n\n- %s.\n- %s.\n- %s.\n\n## Red flags\n\n- %s.\n\n" \
		    "## Follow-up questions\n\n- %s?\n"
	}
	print "title: Synthetic bank of " n " questions\n" lang "levels: [junior, mid, senior]\n" \
	    "rounds:\n  - id: screen\n    title: Screen\n  - id: coding\n    title: Coding\n" \
	    "  - id: domain\n    title: Domain\n" > (out "/qbook.yaml")
	split("junior mid senior", levels, " ")
	split("screen coding domain", rounds, " ")
	# Uneven category sizes: weights 1..25.
	total = 0
	for (c = 1; c <= 25; c++) { w[c] = c; total += c }
	q = 0
	for (c = 1; c <= 25; c++) {
		dir = out "/cat-" sprintf("%02d", c)
		system("mkdir -p " dir)
		printf fmt_cat, c, c, c, words(40) > (dir "/_index.md")
		close(dir "/_index.md")
		count = (c == 25) ? n - q : int(n * w[c] / total)
		for (k = 0; k < count; k++) {
			q++
			f = dir "/q" q ".md"
			ntags = 2 + pick(4)
			tags = ""
			for (t = 0; t < ntags; t++) tags = tags (t ? ", " : "") "concept-" zipf()
			printf fmt_title, q, words(6) > f
			printf "level: %s\nround: %s\ntags: [%s]\n" \
			    "index: [term-%d/sub-%d]\nrelated: [q%d]\nminutes: %d\n---\n\n", \
			    levels[1 + pick(3)], rounds[1 + pick(3)], tags, pick(500), pick(5), \
			    (q > 1 ? q - 1 : 2), 2 + pick(8) > f
			for (p = 0; p < 4; p++)
				printf fmt_para, words(25), words(2), vocab[pick(nv)], q, words(20) > f
			if (rnd() < 0.35)
				printf "```python\ndef %s_%d(x):\n    return [y * 2 for y in x if y]\n```\n\n", \
				    (zh ? "f" : vocab[pick(nv)]), q > f
			if (rnd() < 0.20)
				printf "| %s | %s | %s |\n| --- | --- | --- |\n| %s | %s | %s |\n| %s | %s | %s |\n\n", \
				    vocab[pick(nv)], vocab[pick(nv)], vocab[pick(nv)], words(2), words(2), words(2), \
				    words(2), words(2), words(2) > f
			printf fmt_end, words(12), words(12), words(12), words(10), words(8) > f
			close(f)
		}
	}
}'
