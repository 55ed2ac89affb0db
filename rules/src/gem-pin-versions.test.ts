import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./gem-pin-versions.js";

new RuleTester().run(rule, {
  valid: [
    "FROM ruby:3.3\nRUN gem install bundler:2.5.18 && gem i rails:7.2.1\n",
    "FROM ruby:3.3\nRUN gem install bundler -v 2.5.18 && gem install rake --version '~> 13.2' && gem install rubocop --version=1.66.0\n",
    "FROM ruby:3.3\nRUN gem install --no-document ./pkg/app-1.0.0.gem vendor/tool-2.1.gem\n",
    "FROM ruby:3.3\nRUN gem install -g Gemfile && gem install --file Gemfile.ci\n",
    { name: "a Gemfile says the versions of the gems named beside it", code: "FROM ruby:3.3\nRUN gem install -g Gemfile rails && gem install --file Gemfile.ci rake\n" },
    "FROM ruby:3.3\nRUN gem install nokogiri:1.16.7 -- --use-system-libraries\n",
    'FROM ruby:3.3\nRUN gem install "bundler:$BUNDLER_VERSION"\n',
    "FROM ruby:3.3\nRUN gem update --system && gem uninstall rake && gem list\n",
    { code: "FROM ruby:3.3\nRUN gem install --no-document rails\n", preset: "hadolint", name: "hadolint takes the word after any option for its value" },
    { name: "a local .gem file in the working directory", code: "FROM ruby:3.3\nRUN gem install app-1.0.0.gem\n" },
    { name: "hadolint: -v, --version and --version= pin", code: "FROM ruby:3.3\nRUN gem install rails -v 7 && gem install rake --version 13 && gem install rubocop --version=1\n", preset: "hadolint" },
    { name: "hadolint: the words after -- are not gems", code: "FROM ruby:3.3\nRUN gem install nokogiri:1.16.7 -- --with-a b c\n", preset: "hadolint" },
    { name: "hadolint: pinned gems, gem i", code: "FROM ruby:3.3\nRUN gem i bundler:2.5.18 rails:7.2.1\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM ruby:3.3\nRUN gem install --no-document bundler rake:13.2.1 rails\n",
      errors: [{ messageId: "unpinned", line: 2, column: 31, endColumn: 56, data: { packages: "bundler, rails", example: "bundler" } }],
    },
    { code: "FROM ruby:3.3\nRUN gem i bundler\n", errors: [{ messageId: "unpinned", data: { packages: "bundler", example: "bundler" } }] },
    { code: "FROM ruby:3.3\nRUN gem install -N -i /usr/local/bundle rake\n", errors: [{ messageId: "unpinned", data: { packages: "rake", example: "rake" } }] },
    { code: "FROM ruby:3.3\nRUN gem install nokogiri -- --use-system-libraries\n", errors: [{ messageId: "unpinned", data: { packages: "nokogiri", example: "nokogiri" } }] },
    { code: 'FROM ruby:3.3\nRUN ["gem", "install", "bundler"]\n', errors: [{ messageId: "unpinned" }] },
    { code: "FROM ruby:3.3\nONBUILD RUN gem install bundler\n", errors: [{ messageId: "unpinned", line: 2 }] },
    { code: "FROM ruby:3.3\nRUN gem i bunlder:1 nokogiri\n", preset: "hadolint", errors: [{ messageId: "unpinned", column: 5, data: { packages: "nokogiri", example: "nokogiri" } }] },
    { name: "hadolint: one finding per RUN, gems listed", code: "FROM ruby:3.3\nRUN gem install a b && gem install c\n", preset: "hadolint", errors: [{ messageId: "unpinned", data: { packages: "a, b", example: "a" } }] },
  ],
});
