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
    {
      code: "FROM python:3.12\nRUN pip install a==1 'b>=1' 'c<=1' 'd>1' 'e<1' f!=1 g~=1 h===1 git+https://h/r.git@v1 x.whl y.tar.gz ./local\n",
      preset: "hadolint",
      name: "hadolint: a version operator, a VCS URL with @, a wheel, an sdist or a path pins",
    },
    {
      code: "FROM python:3.12\nRUN pip install -r req.txt a && pip install --requirement req.txt b && pip install -c c.txt d && pip install --constraint c.txt e\n",
      preset: "hadolint",
      name: "hadolint: a requirements or constraints file leaves the pins to it",
    },
    { code: "FROM python:3.12\nRUN pipenv install flask && pip download flask && python -m venv pip install\n", preset: "hadolint", name: "hadolint: pipenv, no install, no -m pip" },
    { code: "FROM python:3.12\nRUN python -m pip install flask==3.0.3\n", preset: "hadolint", name: "hadolint: python -m pip install, pinned" },
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
    {
      code: "FROM python:3.12\nRUN pip3 install --upgrade pip flask==3.0.3 git+https://h/r.git\n",
      preset: "hadolint",
      errors: [{ messageId: "unpinned", data: { tool: "pip3", packages: "pip, git+https://h/r.git", example: "pip" } }],
    },
    { code: "FROM python:3.12\nRUN python3 -m pip install install six\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { tool: "python3", packages: "six", example: "six" } }] },
    {
      code: "FROM python:3.12\nRUN pip install a==1 && pip install -i https://pypi.example.com b && pip install c\n",
      preset: "hadolint",
      name: "hadolint: once per RUN, at the first install with an unpinned package, a valued option's value dropped",
      errors: [{ messageId: "unpinned", column: 25, data: { tool: "pip", packages: "b", example: "b" } }],
    },
  ],
});
