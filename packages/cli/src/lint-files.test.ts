import { expect, test } from "vitest";
import { isDockerfileName } from "./lint-files.js";

test.each([
  "Dockerfile",
  "dockerfile",
  "Containerfile",
  "Dockerfile.prod",
  "Dockerfile.builder",
  "Dockerfile-dev",
  "Dockerfile-windows",
  "Dockerfile_1",
  "Dockerfile2",
  "api.Dockerfile",
  "web.dockerfile",
  "app.Containerfile",
  "Containerfile.ubi",
])("%s is a Dockerfile", (name) => {
  expect(isDockerfileName(name)).toBe(true);
});

test.each([
  "Dockerfile.template",
  "Dockerfile.j2",
  "Dockerfile.prod.j2",
  "Dockerfile.tmpl",
  "Dockerfile.in",
  "Dockerfile.dockerignore",
  "api.Dockerfile.dockerignore",
  "Dockerfile~",
  "Dockerfile.orig",
  "Dockerfile.md",
  "Dockerfiles",
  "dockerfile-lint.sh",
  "MyDockerfile",
  ".dockerignore",
  "Dockerfile.",
])("%s is not", (name) => {
  expect(isDockerfileName(name)).toBe(false);
});
