#!/usr/bin/env bash
# Stops or starts only the kube-apiserver of a running lab, with the same
# port, certificates and etcd, so a test can check that clients recover
# their watches after an API server outage.
#
#   lab/cluster/apiserver.sh stop|start|restart|status
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

load_env
case "${1:-}" in
  stop) stop_component kube-apiserver ;;
  start)
    if is_running kube-apiserver; then
      log "kube-apiserver already running"
    else
      start_apiserver
    fi
    ;;
  restart)
    stop_component kube-apiserver
    start_apiserver
    ;;
  status)
    if is_running kube-apiserver && apiserver_ready; then
      echo ready
    elif is_running kube-apiserver; then
      echo starting
      exit 1
    else
      echo stopped
      exit 3
    fi
    ;;
  *) die "usage: $0 stop|start|restart|status" ;;
esac
