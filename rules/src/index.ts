import type { AnyRule } from "@dfbuild/linter";
import apkNoCache from "./apk-no-cache.js";
import apkPinVersions from "./apk-pin-versions.js";
import aptGetYes from "./apt-get-yes.js";
import aptListsCleanup from "./apt-lists-cleanup.js";
import aptNoInstallRecommends from "./apt-no-install-recommends.js";
import aptPinVersions from "./apt-pin-versions.js";
import aptUpdateWithInstall from "./apt-update-with-install.js";
import baseImageDigest from "./base-image-digest.js";
import consecutiveRun from "./consecutive-run.js";
import consistentInstructionCasing from "./consistent-instruction-casing.js";
import copyBeforeInstall from "./copy-before-install.js";
import copyDestDirectory from "./copy-dest-directory.js";
import copyFromRoot from "./copy-from-root.js";
import copyFromSelf from "./copy-from-self.js";
import copyFromUndefined from "./copy-from-undefined.js";
import copyIgnoredFile from "./copy-ignored-file.js";
import copyRelativeDest from "./copy-relative-dest.js";
import credentialsInBuild from "./credentials-in-build.js";
import curlOrWget from "./curl-or-wget.js";
import dnfClean from "./dnf-clean.js";
import dnfPinVersions from "./dnf-pin-versions.js";
import dnfYes from "./dnf-yes.js";
import duplicateStageName from "./duplicate-stage-name.js";
import envKeyValue from "./env-key-value.js";
import envSelfReference from "./env-self-reference.js";
import execForm from "./exec-form.js";
import execFormVariable from "./exec-form-variable.js";
import exposeInvalidFormat from "./expose-invalid-format.js";
import exposePortRange from "./expose-port-range.js";
import exposeProtoCasing from "./expose-proto-casing.js";
import extractWithAdd from "./extract-with-add.js";
import fromAsCasing from "./from-as-casing.js";
import fromFirst from "./from-first.js";
import fromPlatformConstant from "./from-platform-constant.js";
import gemPinVersions from "./gem-pin-versions.js";
import goPinVersions from "./go-pin-versions.js";
import invalidDefaultArgInFrom from "./invalid-default-arg-in-from.js";
import invalidDefinitionDescription from "./invalid-definition-description.js";
import labelEmail from "./label-email.js";
import labelEmpty from "./label-empty.js";
import labelGitHash from "./label-git-hash.js";
import labelKey from "./label-key.js";
import labelRequired from "./label-required.js";
import labelRfc3339 from "./label-rfc3339.js";
import labelSemver from "./label-semver.js";
import labelSpdx from "./label-spdx.js";
import labelUnexpected from "./label-unexpected.js";
import labelUrl from "./label-url.js";
import lastUserRoot from "./last-user-root.js";
import maintainerDeprecated from "./maintainer-deprecated.js";
import noInlineIgnore from "./no-inline-ignore.js";
import noLatestTag from "./no-latest-tag.js";
import noSudo from "./no-sudo.js";
import npmPinVersions from "./npm-pin-versions.js";
import numericUser from "./numeric-user.js";
import onbuildInvalidTrigger from "./onbuild-invalid-trigger.js";
import packageCacheMount from "./package-cache-mount.js";
import pinBaseImage from "./pin-base-image.js";
import pipNoCacheDir from "./pip-no-cache-dir.js";
import pipPinVersions from "./pip-pin-versions.js";
import pipefail from "./pipefail.js";
import pointlessCommand from "./pointless-command.js";
import preferAptGet from "./prefer-apt-get.js";
import preferCopy from "./prefer-copy.js";
import redundantTargetPlatform from "./redundant-target-platform.js";
import requireHealthcheck from "./require-healthcheck.js";
import reservedStageName from "./reserved-stage-name.js";
import secretInArgEnv from "./secret-in-arg-env.js";
import shellcheck from "./shellcheck.js";
import singleCmd from "./single-cmd.js";
import singleEntrypoint from "./single-entrypoint.js";
import singleHealthcheck from "./single-healthcheck.js";
import stageNameCasing from "./stage-name-casing.js";
import trustedRegistry from "./trusted-registry.js";
import undefinedArgInFrom from "./undefined-arg-in-from.js";
import undefinedVar from "./undefined-var.js";
import unusedArg from "./unused-arg.js";
import unusedStage from "./unused-stage.js";
import useShellInstruction from "./use-shell-instruction.js";
import useWorkdir from "./use-workdir.js";
import useraddNoLogInit from "./useradd-no-log-init.js";
import verificationBypass from "./verification-bypass.js";
import wgetProgress from "./wget-progress.js";
import workdirAbsolute from "./workdir-absolute.js";
import yarnCacheClean from "./yarn-cache-clean.js";
import yumClean from "./yum-clean.js";
import yumPinVersions from "./yum-pin-versions.js";
import yumYes from "./yum-yes.js";
import zypperClean from "./zypper-clean.js";
import zypperNoDistUpgrade from "./zypper-no-dist-upgrade.js";
import zypperNonInteractive from "./zypper-non-interactive.js";
import zypperPinVersions from "./zypper-pin-versions.js";

/** Every rule, sorted by id (a meta-test keeps this list equal to the directory). */
export const rules: readonly AnyRule[] = [
  apkNoCache,
  apkPinVersions,
  aptGetYes,
  aptListsCleanup,
  aptNoInstallRecommends,
  aptPinVersions,
  aptUpdateWithInstall,
  baseImageDigest,
  consecutiveRun,
  consistentInstructionCasing,
  copyBeforeInstall,
  copyDestDirectory,
  copyFromRoot,
  copyFromSelf,
  copyFromUndefined,
  copyIgnoredFile,
  copyRelativeDest,
  credentialsInBuild,
  curlOrWget,
  dnfClean,
  dnfPinVersions,
  dnfYes,
  duplicateStageName,
  envKeyValue,
  envSelfReference,
  execForm,
  execFormVariable,
  exposeInvalidFormat,
  exposePortRange,
  exposeProtoCasing,
  extractWithAdd,
  fromAsCasing,
  fromFirst,
  fromPlatformConstant,
  gemPinVersions,
  goPinVersions,
  invalidDefaultArgInFrom,
  invalidDefinitionDescription,
  labelEmail,
  labelEmpty,
  labelGitHash,
  labelKey,
  labelRequired,
  labelRfc3339,
  labelSemver,
  labelSpdx,
  labelUnexpected,
  labelUrl,
  lastUserRoot,
  maintainerDeprecated,
  noInlineIgnore,
  noLatestTag,
  noSudo,
  npmPinVersions,
  numericUser,
  onbuildInvalidTrigger,
  packageCacheMount,
  pinBaseImage,
  pipNoCacheDir,
  pipPinVersions,
  pipefail,
  pointlessCommand,
  preferAptGet,
  preferCopy,
  redundantTargetPlatform,
  requireHealthcheck,
  reservedStageName,
  secretInArgEnv,
  shellcheck,
  singleCmd,
  singleEntrypoint,
  singleHealthcheck,
  stageNameCasing,
  trustedRegistry,
  undefinedArgInFrom,
  undefinedVar,
  unusedArg,
  unusedStage,
  useShellInstruction,
  useWorkdir,
  useraddNoLogInit,
  verificationBypass,
  wgetProgress,
  workdirAbsolute,
  yarnCacheClean,
  yumClean,
  yumPinVersions,
  yumYes,
  zypperClean,
  zypperNoDistUpgrade,
  zypperNonInteractive,
  zypperPinVersions,
];
