"""Asking make for the packages' inputs: the cache, parallel make runs, progress and
cancellation.  What asks make is passed in (makeinfo.ask_make by default), so a caller
may answer for it (the bench's scale test does)."""
from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable

from .cache import Cache
from .makeinfo import MakeAnswer, ask_make, make_command

# ask(package_dir, arch, version, timeout, make, variables) -> make's answer
MakeAsker = Callable[[str, str, str, float, str, Sequence[str]], MakeAnswer]
Progress = Callable[[int, int], None]


class Answers:
    """make's answers for (package, version) pairs of one tree, each with whether it came
    from the cache.  ask_all() fills them in; answers are never asked twice."""

    def __init__(self, tree: str, *, arch: str = "x64", cache: Cache | None = None,
                 jobs: int = 1, timeout: float = 60.0, make: str = "make",
                 variables: Sequence[str] = (), ask: MakeAsker = ask_make,
                 progress: Progress | None = None) -> None:
        self.tree, self.arch, self.jobs, self.timeout = tree, arch, jobs, timeout
        self.make, self.variables, self.ask, self.progress = make, variables, ask, progress
        self.cache = cache or Cache(None, tree)
        self.found: dict[tuple[str, str], tuple[MakeAnswer, bool]] = {}

    def ask_all(self, pairs: Sequence[tuple[str, str]], counted: bool) -> None:
        """The answers for pairs not known yet, from the cache or make (jobs at a time);
        counted: shown by the progress callback.  Ctrl-C (or any exception) starts no
        more make runs; the running ones finish."""
        todo = []
        for name, version in pairs:
            if (name, version) in self.found:
                continue
            folder = os.path.join(self.tree, "spk", name)
            command = make_command(folder, self.arch, version, self.make, self.variables)
            cached = self.cache.load(name, version, command)
            if cached is not None:
                self.found[(name, version)] = (cached, True)
            else:
                todo.append((name, version, folder, command))
        total, done = len(pairs), len(pairs) - len(todo)
        if self.progress and counted:
            self.progress(done, total)
        pool = ThreadPoolExecutor(max_workers=max(1, self.jobs))
        try:
            futures = {pool.submit(self.ask, folder, self.arch, version, self.timeout,
                                   self.make, self.variables): (name, version, command)
                       for name, version, folder, command in todo}
            for future in as_completed(futures):
                name, version, command = futures[future]
                answer = future.result()
                self.cache.store(name, version, command, answer)
                self.found[(name, version)] = (answer, False)
                done += 1
                if self.progress and counted:
                    self.progress(done, total)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
