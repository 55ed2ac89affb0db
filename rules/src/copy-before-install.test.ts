import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-before-install.js";

new RuleTester().run(rule, {
  valid: [
    "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n",
    "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
    "FROM node:22\nCOPY --from=build /app /app\nRUN npm ci\n",
    "FROM node:22\nCOPY . .\nRUN npm run build\n",
    "FROM node:22 AS deps\nCOPY . .\nFROM node:22\nRUN npm ci\n",
  ],
  invalid: [
    {
      code: "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
      errors: [{ messageId: "copiedFirst", line: 3, column: 6, endColumn: 7, data: { keyword: "COPY", source: ".", install: "npm ci", line: 4, manifests: "package.json package-lock.json" } }],
    },
    { code: "FROM python:3.12\nADD . /app\nRUN python -m pip install -r /app/requirements.txt\n", errors: [{ messageId: "copiedFirst", data: { manifests: "requirements.txt", keyword: "ADD", source: ".", install: "python -m pip install -r /app/requirements.txt", line: 3 } }] },
    { code: "FROM golang:1.23\nCOPY src/ /src/\nRUN go mod download\n", errors: [{ messageId: "copiedFirst" }] },
    { code: "FROM rust:1.80\nCOPY . .\nRUN cargo build --release\n", errors: [{ messageId: "copiedFirst" }] },
    { code: "FROM ruby:3.3\nCOPY app /app\nRUN bundle install\n", errors: [{ messageId: "copiedFirst" }] },
  ],
});
