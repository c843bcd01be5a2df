#!/usr/bin/env python3
"""Where the CPU goes in a JFR recording of a bench run (issue 8 profiling).

Reads the text of `jfr print --events jdk.ExecutionSample --stack-depth 64 run.jfr > run.txt` and prints, over the
samples of threads whose name contains THREAD and whose startTime lies in [FROM, TO] (HH:MM:SS, as jfr prints):
top self frames, our code (org.dnregistry) by innermost frame and inclusive, by class and by method, and the share
of samples with each MARKER anywhere on the stack (e.g. SignalAlerts.evaluate, ThreadCache.maybeEvict).

Usage: jfr_top.py run.txt [THREAD [FROM TO [MARKER...]]]
Record with: java -XX:StartFlightRecording=filename=run.jfr,settings=profile ... (JDK 17). JFR samples only threads
running Java code: RocksDB's native threads, GC and JIT threads are not in these samples (jdk.ThreadCPULoad has
the JIT threads).
"""
import collections
import re
import sys

OURS = "org.dnregistry."


def samples(path, thread_filter, t_from, t_to):
    cur, thread, stamp = None, None, None
    for line in open(path, encoding="utf-8", errors="replace"):
        s = line.strip()
        if s.startswith("jdk.ExecutionSample"):
            cur, thread, stamp = [], "", ""
        elif cur is None:
            continue
        elif s.startswith("startTime"):
            stamp = s.split("=", 1)[1].strip()
        elif s.startswith("sampledThread"):
            thread = s
        elif s == "}":
            if thread_filter in thread and t_from <= stamp <= t_to:
                yield cur
            cur = None
        elif "line:" in s:
            cur.append(re.sub(r"\s+line:.*$", "", s))


def main():
    path = sys.argv[1]
    thread_filter = sys.argv[2] if len(sys.argv) > 2 else ""
    t_from, t_to = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else ("", "99")
    markers = sys.argv[5:]
    events = list(samples(path, thread_filter, t_from, t_to))
    n = max(1, len(events))
    print(f"{len(events)} samples, threads containing '{thread_filter}', {t_from or 'start'} to {t_to}")

    def top(counter, k, title):
        print(f"\n== {title}")
        for key, c in counter.most_common(k):
            print(f"{100 * c / n:6.1f}%  {c:6d}  {key}")

    top(collections.Counter(e[0] for e in events if e), 20, "self (leaf) frames")
    inner_m, inner_c, incl_m, incl_c, marked = (collections.Counter() for _ in range(5))
    for e in events:
        methods = [f.split("(")[0] for f in e]
        ours = [m for m in methods if m.startswith(OURS)]
        if ours:
            inner_m[ours[0]] += 1
            inner_c[ours[0].rsplit(".", 1)[0].split("$")[0]] += 1
        else:
            inner_m["(no org.dnregistry frame)"] += 1
            inner_c["(no org.dnregistry frame)"] += 1
        for m in set(ours):
            incl_m[m] += 1
        for c in {m.rsplit(".", 1)[0].split("$")[0] for m in ours}:
            incl_c[c] += 1
        for marker in markers:
            if any(marker in m for m in methods):
                marked[marker] += 1
    top(inner_c, 20, "our class, innermost org.dnregistry frame (library time below it counts to it)")
    top(inner_m, 20, "our method, innermost org.dnregistry frame")
    top(incl_c, 20, "our class, anywhere on the stack")
    top(incl_m, 25, "our method, anywhere on the stack")
    if markers:
        top(marked, len(markers), "markers, anywhere on the stack")


if __name__ == "__main__":
    main()
