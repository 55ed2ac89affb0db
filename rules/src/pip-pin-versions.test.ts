import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./pip-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 'requests>=2.31,<3' django~=5.0\n",
    "FROM python:3.12\nRUN pip install -r requirements.txt && pip install --requirement=dev.txt && pip install -rtest.txt\n",
    "FROM python:3.12\nRUN pip install -c constraints.txt flask uvicorn\n",
    "FROM python:3.12\nRUN pip install . && pip install -e . && pip install ./lib /src/pkg dist/app-1.0-py3-none-any.whl\n",
    "FROM python:3.12\nRUN pip install git+https://github.com/org/repo.git@v1.2.0#egg=repo 'pkg @ https://example.com/pkg-1.0.tar.gz'\n",
    "FROM python:3.12\nRUN pip install --index-url https://pypi.example.com/simple --extra-index-url https://x/simple -t /opt/lib flask==3.0.3\n",
    "FROM python:3.12\nRUN python3 -m pip install --upgrade pip==24.2 && python -u -m pip install six==1.16.0\n",
    "FROM python:3.12\nRUN pip install \"pip==$PYTHON_PIP_VERSION\" setuptools==${SETUPTOOLS_VERSION}\n",
    'FROM python:3.12\nARG PACKAGES="flask==3.0.3 gunicorn==22.0.0"\nRUN pip install $PACKAGES\n',
    "FROM python:3.12\nRUN pip install $PACKAGES\n",
    "FROM python:3.12\nRUN pipenv install black && pip uninstall -y flask && pip download flask\n",
    "FROM python:3.12\nRUN pipx install --spec black==24.8.0 black\n",
    "FROM python:3.12\nRUN uv pip install --system flask==3.0.3\n",
    { code: "FROM python:3.12\nRUN pip install . flask\n", preset: "hadolint", name: "hadolint skips an install with a . argument" },
    { code: "FROM python:3.12\nRUN pip install git+ssh://git@github.com/org/repo.git\n", preset: "hadolint", name: "hadolint takes the userinfo @ for a revision" },
  ],
  invalid: [
    {
      code: "FROM python:3.12\nRUN pip install --no-cache-dir flask gunicorn==22.0.0 uvicorn\n",
      errors: [{ messageId: "unpinned", line: 2, column: 32, endColumn: 62, data: { tool: "pip", packages: "flask, uvicorn", example: "flask" } }],
    },
    { code: "FROM python:3.12\nRUN pip install --upgrade pip setuptools wheel\n", errors: [{ messageId: "unpinned", data: { tool: "pip", packages: "pip, setuptools, wheel", example: "pip" } }] },
    { code: "FROM python:3.12\nRUN pip install . flask\n", errors: [{ messageId: "unpinned", data: { tool: "pip", packages: "flask", example: "flask" } }] },
    { code: "FROM python:3.12\nRUN pip install 'flask[async]'\n", errors: [{ messageId: "unpinned", data: { tool: "pip", packages: "flask[async]", example: "flask[async]" } }] },
    { code: "FROM python:3.12\nRUN pip install git+ssh://git@github.com/org/repo.git#egg=repo\n", errors: [{ messageId: "unpinned" }] },
    { code: "FROM python:3.12\nRUN pip install -e git+https://github.com/org/repo.git#egg=repo\n", errors: [{ messageId: "unpinned" }] },
    { code: "FROM python:3.12\nRUN /usr/local/bin/python3.12 -m pip install six\n", errors: [{ messageId: "unpinned", data: { tool: "pip", packages: "six", example: "six" } }] },
    { code: "FROM python:3.12\nRUN pip3.12 install six && pipx install black\n", errors: [{ messageId: "unpinned" }, { messageId: "unpinned", data: { tool: "pipx", packages: "black", example: "black" } }] },
    { code: "FROM python:3.12\nRUN uv pip install --system flask\n", errors: [{ messageId: "unpinned", data: { tool: "uv pip", packages: "flask", example: "flask" } }] },
    { code: 'FROM python:3.12\nARG PACKAGES="flask==3.0.3 gunicorn"\nRUN pip install $PACKAGES\n', errors: [{ messageId: "unpinned", line: 3, data: { tool: "pip", packages: "gunicorn", example: "gunicorn" } }] },
    { code: 'FROM python:3.12\nRUN ["pip", "install", "flask"]\n', errors: [{ messageId: "unpinned" }] },
    { code: "FROM python:3.12\nONBUILD RUN pip install flask\n", errors: [{ messageId: "unpinned", line: 2 }] },
    { code: "FROM python:3.12\nRUN pip install --root-user-action=ignore mypkg\n", preset: "hadolint", errors: [{ messageId: "unpinned", column: 5 }] },
  ],
});
