# shellcheck shell=bash
# install_pip_venv: one pinned PyPI package in its own cached virtual environment (moto for the
# lab and the AWS tests, schemathesis for the API fuzzing). Sourced after lib.sh.

# pip_venv_pin: this file as a build pin, so a change here re-installs the venvs (and only them).
pip_venv_pin() {
  local digest
  digest="$(sha256sum "$LAB_BUILD_DIR/pip-venv.sh")"
  printf 'pip-venv=%s' "${digest%% *}"
}

# install_pip_venv NAME VERSION VENV STAMP REQUIREMENT VERIFY: skipped when VENV carries STAMP
# and the caller's VERIFY function passes on it; otherwise VENV is made anew, REQUIREMENT
# installed into it and VERIFY run again.
install_pip_venv() {
  local name="$1" version="$2" venv="$3" stamp="$4" requirement="$5" verify="$6"
  local start logfile
  if is_current "$venv" "$stamp" && "$verify"; then
    log "$name $version: cached venv at $venv is current, skipping"
    return 0
  fi
  start=$SECONDS
  logfile="$LAB_LOGS/install-$name-$version.log"
  : >"$logfile"
  rm -rf "$venv"
  run_step "$name $version: venv" "$logfile" python3 -m venv "$venv"
  run_step "$name $version: pip install $requirement" "$logfile" \
    "$venv/bin/pip" install --disable-pip-version-check "$requirement"
  "$verify" || { log "$name $version: the installed venv fails its check"; return 1; }
  mark_current "$venv" "$stamp"
  record_time "$name-$version" $((SECONDS - start))
  log "$name $version: ready in $((SECONDS - start))s at $venv"
}
