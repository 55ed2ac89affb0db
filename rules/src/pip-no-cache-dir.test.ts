import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./pip-no-cache-dir.js";

new RuleTester().run(rule, {
  valid: [
    "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n",
    "FROM python:3.12\nRUN python3 -m pip install --no-cache-dir --upgrade pip==24.2\n",
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n",
    { code: "FROM python:3.12\nENV PIP_NO_CACHE_DIR=false\nRUN pip install -r requirements.txt\n", name: "pip disables the cache for any boolean value" },
    "FROM python:3.12\nARG PIP_NO_CACHE_DIR=off\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=yes\nFROM base\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN env PIP_NO_CACHE_DIR=true pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=0 && pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/pip-cache pip install --cache-dir /pip-cache -r requirements.txt\n",
    "FROM python:3.12\nENV PIP_CACHE_DIR=/pip-cache\nRUN --mount=type=cache,target=/pip-cache pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN pipx install black==24.8.0 && pipenv install && uv pip install --system flask && pip uninstall -y six\n",
    { code: "FROM python:3.12 AS build\nRUN pip install --prefix /install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n", name: "a builder stage's cache never ships" },
    { code: "FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six\n", preset: "hadolint" },
    { code: "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=on pip install six\n", preset: "hadolint" },
    { name: "hadolint: a legacy ENV's value without quotes", code: "FROM python:3.12\nENV PIP_NO_CACHE_DIR 1\nRUN pip install six\n", preset: "hadolint" },
    { name: "a quoted value before pip's name", code: "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=\"1\" pip install six && PIP_NO_CACHE_DIR='yes' pip install flask\n" },
    { name: "export with other variables first", code: "FROM python:3.12\nRUN export A=1 PIP_NO_CACHE_DIR=true && pip install six\n" },
    { name: "--cache-dir in the second of two cache mounts", code: "FROM python:3.12\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/pip-cache pip install --cache-dir /pip-cache six\n" },
    // hadolint's DL3042 (src/Hadolint/Rule/DL3042.hs, Shell.isPipInstall): what is no pip install, or no cache.
    { name: "hadolint: other commands, pipenv, setup.py, python -m venv, a script's arguments", code: "FROM python:3.12\nRUN pip freeze && pipenv install && apt-get install -y python3 && python3 setup.py install && python3 -m venv install && python3 run.py pip install && python3 -m pip list && py -m pip install six\n", preset: "hadolint" },
    { name: "hadolint: pipx, --no-cache-dir, python -m pipx", code: "FROM python:3.12\nRUN pipx install black && pip install --no-cache-dir six && python3 -m pip install --no-cache-dir six && python3 -m pipx run -m pip install six\n", preset: "hadolint" },
    { name: "hadolint: the text sets PIP_NO_CACHE_DIR, in a heredoc or in exec form", code: 'FROM python:3.12\nRUN <<EOF\nPIP_NO_CACHE_DIR=1 pip install six\nEOF\nRUN ["pip", "install", "PIP_NO_CACHE_DIR=1"]\n', preset: "hadolint" },
    { name: "hadolint: the parent stage's ENV, named with a tag", code: "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base:latest\nRUN pip install six\n", preset: "hadolint" },
    // language-docker's image name drops a registry (text with a `.` up to a `/`): hadolint keys `registry.example.com/base` as `base`.
    { name: "hadolint: the parent stage's ENV, named with a registry", code: "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM registry.example.com/base\nRUN pip install six\n", preset: "hadolint" },
    { name: "hadolint: ENV values unquoted", code: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR="yes"\nRUN pip install six\n', preset: "hadolint" },
    { name: "hadolint: an ENV value quoted in part is its parts joined", code: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=t"ru"e\nRUN pip install six\nFROM python:3.12\nENV PIP_NO_CACHE_DIR=\'o\'n\nRUN pip install six\n', preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM python:3.12\nRUN pip install -r requirements.txt\n",
      errors: [
        {
          messageId: "cache",
          line: 2,
          column: 5,
          endColumn: 36,
          suggestions: [{ messageId: "insertNoCacheDir", output: "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n" }],
        },
      ],
    },
    { code: "FROM python:3.12\nRUN python3 -m pip install -U pip==24.2\n", errors: [{ messageId: "cache", suggestions: [{ output: "FROM python:3.12\nRUN python3 -m pip install --no-cache-dir -U pip==24.2\n" }] }] },
    { code: "FROM python:3.12\nENV PIP_NO_CACHE_DIR=maybe\nRUN pip install six==1.16.0\n", errors: [{ messageId: "cache" }] },
    { code: "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install six==1.16.0\n", errors: [{ messageId: "cache", line: 4 }] },
    { code: "FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/pip pip install six==1.16.0\n", errors: [{ messageId: "cache" }] },
    { code: "FROM python:3.12\nRUN pip install six==1.16.0 && export PIP_NO_CACHE_DIR=1\n", errors: [{ messageId: "cache" }] },
    { code: 'FROM python:3.12\nRUN ["pip3", "install", "six==1.16.0"]\n', errors: [{ messageId: "cache", suggestions: [{ output: 'FROM python:3.12\nRUN ["pip3", "install", "--no-cache-dir", "six==1.16.0"]\n' }] }] },
    { code: "FROM python:3.12\nONBUILD RUN pip install -r requirements.txt\n", errors: [{ messageId: "cache", line: 2 }] },
    { code: "FROM python:3.12\nENV PIP_NO_CACHE_DIR=false\nRUN pip install six\n", preset: "hadolint", errors: [{ messageId: "cache" }] },
    // language-docker's `pair` reads the legacy `ENV key value` as the rest of the line, quotes and
    // all: "1" with its quotes is not one of DL3042's truthy values.
    { name: "hadolint: a legacy ENV's quoted value keeps its quotes", code: "FROM python:3.12\nENV PIP_NO_CACHE_DIR \"1\"\nRUN pip install six\n", preset: "hadolint", errors: [{ messageId: "cache", line: 3 }] },
    { code: "FROM python:3.12 AS build\nRUN pip install six\nFROM scratch\n", preset: "hadolint", errors: [{ messageId: "cache", line: 2 }] },
    { name: "another command before pip", code: "FROM python:3.12\nRUN echo PIP_NO_CACHE_DIR=1 && export A=1 && pip install six\n", errors: [{ messageId: "cache" }] },
    { name: "export of another variable", code: "FROM python:3.12\nRUN export XPIP_NO_CACHE_DIR=1 && pip install six\n", errors: [{ messageId: "cache" }] },
    // The text after where `PIP_NO_CACHE_DIR=` would be (offsets 16, 17) starts with a truthy value.
    { name: "hadolint: no PIP_NO_CACHE_DIR= in the text", code: "FROM python:3.12\nRUN pip install six onnx\nRUN pip install sixx onnx\n", preset: "hadolint", errors: [{ messageId: "cache", line: 2 }, { messageId: "cache", line: 3 }] },
    { name: "hadolint: pip3, python -m pip, pipx as a package", code: "FROM python:3.12\nRUN pip3 install six\nRUN python3 -m pip install six\nRUN python3 -m pip install pipx\n", preset: "hadolint", errors: [{ messageId: "cache", line: 2 }, { messageId: "cache", line: 3 }, { messageId: "cache", line: 4 }] },
    { name: "hadolint: the ENV of another stage, another variable, a cache mount elsewhere", code: "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nENV PIP_DISABLE_PIP_VERSION_CHECK=1\nRUN --mount=type=cache,target=/var/cache/apt pip install six\n", preset: "hadolint", errors: [{ messageId: "cache", line: 5 }] },
  ],
});
