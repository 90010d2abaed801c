# tests/smtp-interop/postfix_relay.sh — sourced by run.sh: a throwaway Postfix instance that relays
# everything to graphpost (relayhost), configured as docs/smtp.md's copy-paste setup says.
#
#   postfix_relay_start DIR RELAY_PORT CA_FILE BIND_ADDRESS [SASL_USER SASL_PASSWORD_FILE]
#   postfix_relay_inject DIR FILE SENDER RCPT...    sendmail (postdrop) into that instance
#   postfix_relay_wait_empty DIR SECONDS            until its queue is empty (all relayed)
#   postfix_relay_stop DIR
#
# Without SASL the instance's SMTP client binds to BIND_ADDRESS (127.0.0.2), an address graphpost
# lets submit without AUTH (smtp.relay); with SASL it authenticates as an SMTP account and
# requires TLS (smtp_tls_security_level = encrypt). No daemon is chrooted, nothing listens for
# SMTP (mail comes in through sendmail), local delivery is off, and it logs to DIR/maillog.
# Postfix comes from Debian (scripts/install-deps.sh, "No configuration").

postfix_relay_start() {
  local dir=$1 relay_port=$2 ca=$3 bind=$4 user=${5:-} password_file=${6:-}
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data"
  chmod 755 "$dir"
  chown postfix "$dir/data"
  # Debian's master.cf without chroot (the client reads the CA and SASL files from $dir) and
  # without the smtpd listener.
  awk '/^[a-z]/ && $2 ~ /^(unix|unix-dgram|fifo|pass)$/ { $5 = "n" } /^smtp +inet/ { next } { print }' \
    /etc/postfix/master.cf >"$dir/etc/master.cf"
  cat >"$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
myhostname = relay.interop.invalid
mydomain = interop.invalid
myorigin = interop.invalid
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
biff = no
# Relay everything to graphpost; no DNS, no header rewriting (keep the message as written).
relayhost = [127.0.0.1]:$relay_port
smtp_dns_support_level = disabled
local_header_rewrite_clients =
message_size_limit = 52428800
smtp_bind_address = $bind
smtp_tls_CAfile = $ca
smtp_tls_loglevel = 1
CF
  if [[ -n "$user" ]]; then
    umask 077
    printf '[127.0.0.1]:%s %s:%s\n' "$relay_port" "$user" "$(cat "$password_file")" >"$dir/etc/sasl_passwd"
    umask 022
    cat >>"$dir/etc/main.cf" <<CF
smtp_tls_security_level = encrypt
smtp_sasl_auth_enable = yes
smtp_sasl_password_maps = texthash:$dir/etc/sasl_passwd
smtp_sasl_security_options = noanonymous
smtp_sasl_tls_security_options = noanonymous
smtp_sasl_mechanism_filter = plain, login
CF
  else
    echo "smtp_tls_security_level = may" >>"$dir/etc/main.cf"
  fi
  postfix -c "$dir/etc" check >"$dir/check.log" 2>&1 || true
  postfix -c "$dir/etc" start >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; return 1; }
}

postfix_relay_inject() {
  local dir=$1 file=$2 sender=$3
  shift 3
  # -i: a line with a single dot is text, not the end; -B 8BITMIME: the body is 8-bit.
  sendmail -C "$dir/etc" -i -B 8BITMIME -f "$sender" -- "$@" <"$file"
}

postfix_relay_wait_empty() {
  local dir=$1 seconds=$2 i
  for ((i = 0; i < seconds * 10; i++)); do
    if [[ -z "$(find "$dir/spool/maildrop" "$dir/spool/incoming" "$dir/spool/active" \
      "$dir/spool/deferred" -type f 2>/dev/null | head -1)" ]]; then
      return 0
    fi
    sleep 0.1
  done
  echo "postfix: the queue is not empty after ${seconds} s; its log:" >&2
  tail -20 "$dir/maillog" >&2 || true
  return 1
}

postfix_relay_stop() {
  postfix -c "$1/etc" stop >/dev/null 2>&1 || true
}
