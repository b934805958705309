# Shared helpers for the project's scripts (sourced, not run).

# Makes sure cargo is on PATH: the machine's own toolchain, ~/.cargo/bin, or rustup.
ensure_rust() {
    if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        echo "未找到 Rust 工具链，正在通过 rustup 安装……"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
}

# Installs Debian/Ubuntu packages that are not installed yet (needs root or sudo).
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "安装系统软件包：${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Makes sure python3 can import openpyxl: from PyPI, else from Debian's package.
ensure_openpyxl() {
    python3 -c "import openpyxl" 2>/dev/null && return 0
    python3 -m pip install --quiet openpyxl 2>/dev/null || apt_install python3-openpyxl
    python3 -c "import openpyxl"
}

# Makes sure python3 can import python-docx (tests write Word returns with it and read the .docx
# reports back): from PyPI, else from Debian's package.
ensure_python_docx() {
    python3 -c "import docx" 2>/dev/null && return 0
    python3 -m pip install --quiet python-docx 2>/dev/null || apt_install python3-docx
    python3 -c "import docx"
}

# Makes sure Node.js 20.19+ is there to build the UI (Vite 7). Debian 12's own nodejs is 18: it is
# used only when nothing newer is there, and the message says what to do when it is too old.
ensure_node() {
    node_ok() {
        command -v node >/dev/null 2>&1 || return 1
        node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
    }
    if ! node_ok; then
        command -v node >/dev/null 2>&1 || apt_install nodejs npm
        if ! node_ok; then
            echo "构建界面需要 Node.js 20.19 或更新版本，本机为 $(node --version 2>/dev/null || echo 未安装)。" >&2
            echo "请安装 Node.js 20 或 22（例如 https://nodejs.org 或发行版的 NodeSource 软件源）后重试。" >&2
            exit 1
        fi
    fi
}
