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
    { code: "FROM python:3.12 AS build\nRUN pip install six\nFROM scratch\n", preset: "hadolint", errors: [{ messageId: "cache", line: 2 }] },
  ],
});
