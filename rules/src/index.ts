import type { AnyRule } from "@dfbuild/linter";
import aptGetYes from "./apt-get-yes.js";
import aptNoInstallRecommends from "./apt-no-install-recommends.js";
import aptUpdateWithInstall from "./apt-update-with-install.js";
import consecutiveRun from "./consecutive-run.js";
import copyBeforeInstall from "./copy-before-install.js";
import envKeyValue from "./env-key-value.js";
import envSelfReference from "./env-self-reference.js";
import execForm from "./exec-form.js";
import execFormVariable from "./exec-form-variable.js";
import fromFirst from "./from-first.js";
import maintainerDeprecated from "./maintainer-deprecated.js";
import noLatestTag from "./no-latest-tag.js";
import pinBaseImage from "./pin-base-image.js";
import singleCmd from "./single-cmd.js";
import singleEntrypoint from "./single-entrypoint.js";
import singleHealthcheck from "./single-healthcheck.js";
import workdirAbsolute from "./workdir-absolute.js";

/** Every rule, sorted by id (a meta-test keeps this list equal to the directory). */
export const rules: readonly AnyRule[] = [
  aptGetYes,
  aptNoInstallRecommends,
  aptUpdateWithInstall,
  consecutiveRun,
  copyBeforeInstall,
  envKeyValue,
  envSelfReference,
  execForm,
  execFormVariable,
  fromFirst,
  maintainerDeprecated,
  noLatestTag,
  pinBaseImage,
  singleCmd,
  singleEntrypoint,
  singleHealthcheck,
  workdirAbsolute,
] as AnyRule[];
