#!/usr/bin/env python3
"""Read facts out of docker/Dockerfile for scripts/check-container.

The Dockerfile is the single source of truth: the check builds with its `swift build` flags,
compares `ldd` with its runtime apt packages and starts the binary the way its USER, ENV,
ENTRYPOINT and CMD say. Nothing here duplicates a value from the Dockerfile.

Usage: dockerfile-facts.py DOCKERFILE FACT
Facts (one value a line on stdout):
  build-flags        arguments of the build stage's `RUN swift build ...`
  runtime-base       image of the last stage (e.g. debian:bookworm-slim)
  runtime-packages   packages the last stage installs with apt-get install
  runtime-runs       the last stage's RUN commands (continuations joined), in order
  runtime-copy-dest  destination of the last stage's COPY --from=<build stage>
  user               USER of the last stage
  workdir            WORKDIR of the last stage
  env                KEY=VALUE for every ENV of the last stage
  entrypoint, cmd    exec-form arguments of the last stage's ENTRYPOINT / CMD
  healthcheck        exec-form arguments of the last stage's HEALTHCHECK CMD
  expose             ports the last stage exposes
"""

import json
import re
import shlex
import sys
from dataclasses import dataclass, field


@dataclass
class Stage:
    """One FROM ... section: its base image, its name and its instructions in order."""

    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [rest for kw, rest in self.instructions if kw == keyword]

    def last(self, keyword: str) -> str:
        found = self.all(keyword)
        if not found:
            fail(f"the stage FROM {self.base} has no {keyword}")
        return found[-1]


def fail(message: str) -> None:
    print(f"dockerfile-facts: {message}", file=sys.stderr)
    sys.exit(2)


def logical_lines(text: str) -> list[str]:
    """Joins backslash continuations and drops comment lines, as Docker's parser does."""
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def parse(text: str) -> list[Stage]:
    stages: list[Stage] = []
    for line in logical_lines(text):
        keyword, _, rest = line.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "FROM":
            words = [w for w in rest.split() if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif stages:
            stages[-1].instructions.append((keyword, rest))
    if not stages:
        fail("no FROM instruction")
    return stages


def shell_commands(run: str) -> list[list[str]]:
    """Splits a shell-form RUN into simple commands at &&, || and ;."""
    lexer = shlex.shlex(run, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    commands, current = [], []
    for token in lexer:
        if token in ("&&", "||", ";", "|"):
            if current:
                commands.append(current)
            current = []
        else:
            current.append(token)
    if current:
        commands.append(current)
    return commands


def exec_form(rest: str, what: str) -> list[str]:
    try:
        value = json.loads(rest)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f"{what} is not in exec form (a JSON array of strings): {rest}")
    return value


def build_flags(stages: list[Stage]) -> list[str]:
    found = []
    for stage in stages[:-1]:
        for run in stage.all("RUN"):
            for command in shell_commands(run):
                if command[:2] == ["swift", "build"] and "--show-bin-path" not in command:
                    found.append(command[2:])
    if len(found) != 1:
        fail(f"expected exactly one `swift build` in the build stages, found {len(found)}")
    return found[0]


def runtime_packages(stage: Stage) -> list[str]:
    packages = []
    for run in stage.all("RUN"):
        for command in shell_commands(run):
            if command[:1] in (["apt-get"], ["apt"]) and "install" in command:
                after = command[command.index("install") + 1:]
                packages += [word.split("=")[0] for word in after if not word.startswith("-")]
    if not packages:
        fail("the runtime stage installs no apt packages")
    return packages


def env_pairs(stage: Stage) -> list[str]:
    pairs = []
    for rest in stage.all("ENV"):
        words = shlex.split(rest)
        if words and "=" not in words[0]:  # legacy form: ENV KEY value with spaces
            pairs.append(f"{words[0]}={' '.join(words[1:])}")
        else:
            pairs += words
    return pairs


def copy_dest(stages: list[Stage]) -> str:
    build_names = {s.name for s in stages[:-1] if s.name} | {str(i) for i in range(len(stages) - 1)}
    for rest in stages[-1].all("COPY"):
        words = shlex.split(rest)
        sources = [w.split("=", 1)[1] for w in words if w.startswith("--from=")]
        if sources and sources[0] in build_names:
            return words[-1]
    fail("the runtime stage copies nothing from a build stage")
    return ""


def healthcheck(stage: Stage) -> list[str]:
    rest = stage.last("HEALTHCHECK")
    match = re.fullmatch(r"(?:--\S+\s+)*CMD\s+(.*)", rest, re.IGNORECASE)
    if not match:
        fail(f"HEALTHCHECK has no CMD: {rest}")
    return exec_form(match.group(1), "HEALTHCHECK CMD")


def main() -> None:
    if len(sys.argv) != 3:
        fail("usage: dockerfile-facts.py DOCKERFILE FACT")
    path, fact = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as handle:
        stages = parse(handle.read())
    runtime = stages[-1]
    facts = {
        "build-flags": lambda: build_flags(stages),
        "runtime-base": lambda: [runtime.base],
        "runtime-packages": lambda: runtime_packages(runtime),
        "runtime-runs": lambda: runtime.all("RUN"),
        "runtime-copy-dest": lambda: [copy_dest(stages)],
        "user": lambda: [runtime.last("USER")],
        "workdir": lambda: [runtime.last("WORKDIR")],
        "env": lambda: env_pairs(runtime),
        "entrypoint": lambda: exec_form(runtime.last("ENTRYPOINT"), "ENTRYPOINT"),
        "cmd": lambda: exec_form(runtime.last("CMD"), "CMD"),
        "healthcheck": lambda: healthcheck(runtime),
        "expose": lambda: " ".join(runtime.all("EXPOSE")).split(),
    }
    if fact not in facts:
        fail(f"unknown fact {fact!r}; known: {', '.join(facts)}")
    for value in facts[fact]():
        print(value)


if __name__ == "__main__":
    main()
