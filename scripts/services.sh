# Shared by the scripts that start throw-away servers (sourced; needs `say` and `die`).

# install_debian_package PACKAGE SERVICE: install PACKAGE (root, apt-get), then stop the
# system-wide SERVICE Debian may have started with it: our servers run on ports of their own.
install_debian_package() {
    local package=$1 service=$2
    [[ $(id -u) -eq 0 ]] || die "$package is not installed, and installing it needs root"
    command -v apt-get >/dev/null || die "$package is not installed, and there is no apt-get"
    say "installing the Debian package $package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "$package" >&2
    if command -v service >/dev/null; then
        service "$service" stop >/dev/null 2>&1 || true
    fi
}

# free_port: a TCP port nothing listens on now, on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
