import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./verification-bypass.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nRUN curl -fsSL https://example.com/x -o /x && wget -q https://example.com/y\n",
    // -k is curl's; other programs' -k mean other things; values of valued options are not options.
    "FROM debian:12\nRUN ssh-keygen -k && curl -o -k https://example.com && apt-get install -y -o Dpkg::Options::=--force-confold curl\n",
    "FROM fedora:40\nRUN dnf install -y --setopt=install_weak_deps=False gcc && echo gpgcheck=1 >> /etc/yum.repos.d/x.repo\n",
    "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\nRUN npm config set strict-ssl true\n",
    "FROM golang:1.22\nENV GOSUMDB=sum.golang.org GOPRIVATE=example.com/*\n",
    // A local repository of packages the RUN built (docker-library's postgres, nginx).
    'FROM debian:12\nRUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list && apt-get update\n',
    // apk index reads packages; installing after a gpg check of the file is verified another way.
    "FROM alpine:3.20\nRUN apk index --allow-untrusted -o /tmp/APKINDEX.tar.gz /tmp/*.apk\nRUN gpg --verify x.sig x.apk && apk add --allow-untrusted x.apk\n",
    // A variable that does not turn verification off: a value that keeps it, an empty one, no value.
    'FROM node:22\nRUN NODE_TLS_REJECT_UNAUTHORIZED=1 node x.js && GIT_SSL_NO_VERIFY= git clone https://example.com/x\nENV GIT_SSL_NO_VERIFY=""\nARG PIP_TRUSTED_HOST\n',
    // An earlier RUN of the stage checked the package's signature.
    "FROM alpine:3.20\nRUN gpgv --keyring /k.gpg x.sig x.apk\nRUN apk add --allow-untrusted x.apk\n",
    // The check in the same RUN: gpgv, or gpg2 --verify.
    "FROM alpine:3.20\nRUN gpgv --keyring /k.gpg x.sig x.apk && apk add --allow-untrusted x.apk\nFROM alpine:3.20\nRUN gpg2 --verify y.sig y.apk && apk add --allow-untrusted y.apk\n",
    // Other options set to false, and strict-ssl left on.
    "FROM node:22\nRUN npm install --strict-ssl=true --audit=false x\n",
    // Programs other than git and the node package managers, and text that only mentions a setting.
    'FROM debian:12\nRUN grep -r "strict-ssl false" /etc && grep "http.sslVerify false" /etc/gitconfig\n',
  ],
  invalid: [
    {
      // The rule's `meta.shell` filter must let the RUN through by itself: no other word of it
      // names a bypass (found when the rule ran alone: `-sSk` did not match the filter's `-k`).
      name: "curl -k in a cluster, alone in its RUN",
      code: "FROM alpine:3.20\nRUN curl -sSk https://example.com/a -o /a\n",
      errors: [{ messageId: "tls", data: { what: "curl -k" }, line: 2 }],
    },
    {
      name: "curl -k in a cluster and --insecure; wget --no-check-certificate",
      code: "FROM alpine:3.20\nRUN curl -fsSLk https://example.com/a -o /a && curl --insecure https://example.com/b && wget --no-check-certificate https://example.com/c\n",
      errors: [
        { messageId: "tls", data: { what: "curl -k" }, line: 2, column: 10, endColumn: 16 },
        { messageId: "tls", data: { what: "curl --insecure" }, line: 2 },
        { messageId: "tls", data: { what: "wget --no-check-certificate" }, line: 2 },
      ],
    },
    {
      name: "package managers' signature checks",
      code: "FROM debian:12\nRUN apt-get install -y --allow-unauthenticated curl\nRUN apt-get -o Acquire::AllowInsecureRepositories=true update\nFROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\nFROM fedora:40\nRUN dnf install -y --nogpgcheck x && rpm -i --nosignature y.rpm\n",
      errors: [
        { messageId: "signature", data: { what: "apt-get --allow-unauthenticated" }, line: 2 },
        { messageId: "signature", data: { what: "Acquire::AllowInsecureRepositories" }, line: 3, column: 13 },
        { messageId: "signature", data: { what: "apk --allow-untrusted" }, line: 5 },
        { messageId: "signature", data: { what: "dnf --nogpgcheck" }, line: 7 },
        { messageId: "signature", data: { what: "rpm --nosignature" }, line: 7 },
      ],
    },
    {
      name: "configuration a RUN writes, and tools' own switches",
      code: "FROM debian:12\nRUN echo 'deb [trusted=yes] http://repo.example.com/ stable main' > /etc/apt/sources.list.d/x.list\nRUN git config --global http.sslVerify false && npm config set strict-ssl false\nRUN pip install --trusted-host pypi.example.com x\n",
      errors: [
        { messageId: "signature", data: { what: "an apt source marked [trusted=yes]" }, line: 2 },
        { messageId: "tls", data: { what: "git http.sslVerify=false" }, line: 3 },
        { messageId: "tls", data: { what: "strict-ssl=false" }, line: 3 },
        { messageId: "tls", data: { what: "pip --trusted-host" }, line: 4 },
      ],
    },
    {
      name: "environment variables in ENV, ARG and for one command",
      code: "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nARG GIT_SSL_NO_VERIFY=1\nRUN PIP_TRUSTED_HOST=pypi.example.com pip install x\nENV GOSUMDB=off\n",
      errors: [
        { messageId: "tls", data: { what: "NODE_TLS_REJECT_UNAUTHORIZED=0" }, line: 2 },
        { messageId: "tls", data: { what: "GIT_SSL_NO_VERIFY" }, line: 3 },
        { messageId: "tls", data: { what: "PIP_TRUSTED_HOST" }, line: 4 },
        { messageId: "signature", data: { what: "GOSUMDB=off" }, line: 5 },
      ],
    },
    {
      name: "the option --strict-ssl=false is reported once, at its word; yarn and pnpm config",
      code: "FROM node:22\nRUN npm install --strict-ssl=false x\nRUN yarn config set strict-ssl false && pnpm config set strict-ssl=false\n",
      errors: [
        { messageId: "tls", data: { what: "npm --strict-ssl=false" }, line: 2, column: 17, endColumn: 35 },
        { messageId: "tls", data: { what: "strict-ssl=false" }, line: 3, column: 5 },
        { messageId: "tls", data: { what: "strict-ssl=false" }, line: 3, column: 41 },
      ],
    },
    {
      name: "a signature check in a later RUN, or in another stage, does not count",
      code: "FROM alpine:3.20\nRUN gpg --verify x.sig x.apk\nFROM alpine:3.20\nRUN apk add --allow-untrusted x.apk\nRUN gpg2 --verify y.sig y.apk\n",
      errors: [{ messageId: "signature", data: { what: "apk --allow-untrusted" }, line: 4 }],
    },
    {
      name: "a variable's value from an ARG, and quoted in a RUN",
      code: 'FROM node:22\nARG OFF=0\nENV NODE_TLS_REJECT_UNAUTHORIZED=$OFF\nRUN export GIT_SSL_NO_VERIFY="true" && git clone https://example.com/x\n',
      errors: [
        { messageId: "tls", data: { what: "NODE_TLS_REJECT_UNAUTHORIZED=0" }, line: 3, column: 5, endColumn: 33 },
        { messageId: "tls", data: { what: "GIT_SSL_NO_VERIFY" }, line: 4, column: 1, endColumn: 4 },
      ],
    },
    {
      name: "apt's --option and dnf's --setopt",
      code: "FROM debian:12\nRUN apt-get --option=Acquire::https::Verify-Peer=false update\nFROM fedora:40\nRUN dnf --setopt=sslverify=0 install -y x\n",
      errors: [
        { messageId: "tls", data: { what: "Acquire::https::Verify-Peer=false" }, line: 2, column: 13 },
        { messageId: "tls", data: { what: "sslverify=0" }, line: 4, column: 9, endColumn: 29 },
      ],
    },
    {
      name: "a program without an options table: its --setopt reported at the option",
      code: "FROM fedora:40\nRUN yum-config-manager --save --setopt=sslverify=false\n",
      errors: [{ messageId: "tls", data: { what: "sslverify=0" }, line: 2, column: 31, endColumn: 55 }],
    },
    {
      name: "gpg without --verify checks nothing; nor does a mention of it, nor another program's --verify",
      code: "FROM alpine:3.20\nRUN echo hi\nRUN gpg --import k.asc && apk add --allow-untrusted x.apk\nRUN rpm --verify z && apk add --allow-untrusted z.apk\nRUN echo gpg --verify x.sig && apk add --allow-untrusted y.apk\n",
      errors: [
        { messageId: "signature", data: { what: "apk --allow-untrusted" }, line: 3 },
        { messageId: "signature", data: { what: "apk --allow-untrusted" }, line: 4 },
        { messageId: "signature", data: { what: "apk --allow-untrusted" }, line: 5 },
      ],
    },
    {
      name: "a signature check does not excuse a TLS bypass",
      code: "FROM alpine:3.20\nRUN gpg --verify x.sig x && curl -k https://example.com\n",
      errors: [{ messageId: "tls", data: { what: "curl -k" }, line: 2 }],
    },
    {
      name: "quoted values, and configuration a heredoc writes",
      code: 'FROM node:22\nRUN NODE_TLS_REJECT_UNAUTHORIZED="0" node x.js && GIT_SSL_NO_VERIFY="" git clone https://example.com/x\nRUN <<EOF\necho \'deb [trusted=yes] http://repo.example.com/ stable main\' > /etc/apt/sources.list.d/x.list\nEOF\n',
      errors: [
        { messageId: "tls", data: { what: "NODE_TLS_REJECT_UNAUTHORIZED=0" }, line: 2 },
        { messageId: "signature", data: { what: "an apt source marked [trusted=yes]" }, line: 3 },
      ],
    },
    {
      name: "a setting in another option's value is read from the RUN's text, at its keyword",
      code: "FROM fedora:40\nRUN curl -d sslverify=0 https://example.com\n",
      errors: [{ messageId: "tls", data: { what: "sslverify=0" }, line: 2, column: 1, endColumn: 4 }],
    },
    {
      name: "settings in the RUN's text in any case, each pattern read only where its text is",
      code: "FROM fedora:40\nRUN echo 'ACQUIRE::AllowInsecureRepositories \"true\";' > a && echo 'Acquire::AllowDowngradeToInsecureRepositories=1' > b\nRUN echo 'apt::get::allowunauthenticated yes' > c && echo 'Acquire::HTTPS::repo.example.com::VERIFY-HOST=false' > d\nRUN echo 'deb [TRUSTED=YES] http://repo.example.com/ stable main' > e && echo 'Repo.GPGCheck = No' > f && echo 'SSLVERIFY=FALSE' > g\n",
      errors: [
        { messageId: "signature", data: { what: "Acquire::AllowInsecureRepositories" }, line: 2 },
        { messageId: "signature", data: { what: "Acquire::AllowDowngradeToInsecureRepositories" }, line: 2 },
        { messageId: "signature", data: { what: "APT::Get::AllowUnauthenticated" }, line: 3 },
        { messageId: "tls", data: { what: "Acquire::https::Verify-Peer=false" }, line: 3 },
        { messageId: "signature", data: { what: "an apt source marked [trusted=yes]" }, line: 4 },
        { messageId: "signature", data: { what: "gpgcheck=0" }, line: 4 },
        { messageId: "tls", data: { what: "sslverify=0" }, line: 4 },
      ],
    },
    {
      name: "inside sh -c and exec form, and in ONBUILD",
      code: "FROM alpine:3.20\nRUN sh -c 'curl -k https://example.com'\nRUN [\"wget\", \"--no-check-certificate\", \"https://example.com\"]\nONBUILD RUN curl --insecure https://example.com\n",
      errors: [
        { messageId: "tls", data: { what: "curl -k" }, line: 2 },
        { messageId: "tls", data: { what: "wget --no-check-certificate" }, line: 3 },
        { messageId: "tls", data: { what: "curl --insecure" }, line: 4 },
      ],
    },
  ],
});
