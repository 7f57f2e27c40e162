#!/usr/bin/env bash
# The expert's alternative to `aicore-mtls setup` and `aicore-mtls check`: the same HTTP calls
# with curl, jq and openssl, against the sandbox. bench/setup-check-vs-curl.mjs times it.
#
#   SANDBOX_DIR=… CERT_NAME=x.pem PASSWORD_FILE=… OUT_DIR=… INSTANCE=… curl-flow.sh setup
#   SERVICE_KEY=…/aicore-service-key.json CA_FILE=… OUT_DIR=… curl-flow.sh check
#
# setup gets a token for the Destination service with the client secret, generates the
# certificate, downloads it and splits key and chain. It then gets a token for Service Manager,
# finds the instance, creates the x509 binding (202 + Location), polls the operation, reads the
# binding and runs the check. Last it writes a PKCS#12 for STRUST (3DES, SHA-1 MAC, as `setup`
# writes it) and the service key with the key added.
# check gets a token from certurl over mTLS, then calls GET /v2/admin/resourceGroups and
# GET /v2/lm/scenarios.
#
# Secrets never go on a command line: form bodies and JSON arrive on stdin, bearer tokens in
# header files (curl -H @file). Each step prints "step PHASE NAME" on stderr so the bench can
# time the phases. Only for loopback sandboxes: it sends to whatever URLs the key files name.
set -euo pipefail
umask 077

mode=${1:?usage: curl-flow.sh setup|check}
work=${OUT_DIR:?OUT_DIR is required}
mkdir -p "$work"

step() { printf 'step %s %s\n' "$1" "$2" >&2; }

# curl trusts the sandbox CA, and --noproxy keeps every request on the loopback address it names.
ca=${CA_FILE:-${SANDBOX_DIR:-}/ca.pem}
http=(curl --silent --show-error --fail-with-body --noproxy '*' --cacert "$ca")

# Prints a client-credentials token. The key file contains clientid, clientsecret and url.
secret_token() {
  jq -r '"grant_type=client_credentials&client_id=\(.clientid | @uri)&client_secret=\(.clientsecret | @uri)"' "$1" |
    "${http[@]}" --data @- "$(jq -r .url "$1")/oauth/token" | jq -r .access_token
}

bearer_file() {
  printf 'Authorization: Bearer %s\n' "$1" > "$2"
}

# Gets a token from certurl over mTLS with the chain and key files, then calls SAP AI Core twice.
check_flow() {
  local credentials=$1 chain=$2 key=$3
  local clientid certurl api
  clientid=$(jq -r .clientid "$credentials")
  certurl=$(jq -r .certurl "$credentials")
  api=$(jq -r .serviceurls.AI_API_URL "$credentials")

  step verify token-certurl
  local token
  token=$(jq -rn --arg id "$clientid" '"grant_type=client_credentials&client_id=\($id | @uri)"' |
    "${http[@]}" --cert "$chain" --key "$key" --data @- "$certurl/oauth/token" | jq -r .access_token)
  bearer_file "$token" "$work/aicore.auth"

  step verify resource-groups
  "${http[@]}" -H @"$work/aicore.auth" "$api/v2/admin/resourceGroups" |
    jq -e '.resources | map(.resourceGroupId) | index("default") != null' > /dev/null

  step verify scenarios
  "${http[@]}" -H @"$work/aicore.auth" -H 'AI-Resource-Group: default' "$api/v2/lm/scenarios" | jq -e '.count >= 0' > /dev/null
}

if [ "$mode" = check ]; then
  step check read-key
  jq -r .certificate "$SERVICE_KEY" > "$work/chain.pem"
  jq -r .key "$SERVICE_KEY" > "$work/key.pem"
  check_flow "$SERVICE_KEY" "$work/chain.pem" "$work/key.pem"
  exit 0
fi

[ "$mode" = setup ] || { echo "unknown mode $mode; expected setup or check" >&2; exit 2; }
destination_key="$SANDBOX_DIR/destination-service-key.json"
service_manager_key="$SANDBOX_DIR/service-manager-key.json"
base=${CERT_NAME%.*}

step certificate token-destination
bearer_file "$(secret_token "$destination_key")" "$work/destination.auth"
certificates="$(jq -r .uri "$destination_key")/destination-configuration/v1/subaccountCertificates"

step certificate generate
jq -n --arg name "$CERT_NAME" --arg cn "$base" --rawfile password "$PASSWORD_FILE" \
  '{Name: $name, Attributes: {CN: $cn, Validity: {TimeUnit: "YEARS", Value: 1}, AutomaticRenew: true, Password: ($password | rtrimstr("\n"))}}' |
  "${http[@]}" -H @"$work/destination.auth" -H 'content-type: application/json' --data @- -o /dev/null "$certificates"

step certificate download
"${http[@]}" -H @"$work/destination.auth" "$certificates/$CERT_NAME" | jq -r .Content | base64 -d > "$work/bundle.pem"

step certificate split
openssl pkey -in "$work/bundle.pem" -passin file:"$PASSWORD_FILE" -out "$work/key.pem"
awk '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/' "$work/bundle.pem" > "$work/chain.pem"
openssl verify -partial_chain -CAfile "$work/chain.pem" "$work/chain.pem" > /dev/null

step binding token-service-manager
bearer_file "$(secret_token "$service_manager_key")" "$work/service-manager.auth"
sm_url=$(jq -r .sm_url "$service_manager_key")

step binding find-instance
instance_id=$("${http[@]}" -H @"$work/service-manager.auth" --get --data-urlencode "fieldQuery=name eq '$INSTANCE'" "$sm_url/v1/service_instances" | jq -er '.items[0].id')

step binding create
jq -n --arg name "$base-mtls" --arg instance "$instance_id" --rawfile certificate "$work/chain.pem" \
  '{name: $name, service_instance_id: $instance, parameters: {xsuaa: {"credential-type": "x509", x509: {certificate: $certificate, "ensure-uniqueness": false, "certificate-pinning": false, "hide-certificate": false}}}}' |
  "${http[@]}" -H @"$work/service-manager.auth" -H 'content-type: application/json' --data @- -D "$work/headers.txt" -o /dev/null "$sm_url/v1/service_bindings"
location=$(awk 'tolower($1) == "location:" { print $2 }' "$work/headers.txt" | tr -d '\r')
binding_id=$(printf '%s' "$location" | sed -E 's#^/v1/service_bindings/([^/]+)/.*#\1#')

step binding poll
for _ in $(seq 1 60); do
  state=$("${http[@]}" -H @"$work/service-manager.auth" "$sm_url$location" | jq -r .state)
  [ "$state" = succeeded ] && break
  [ "$state" = failed ] && { echo "binding creation failed" >&2; exit 1; }
  sleep 1
done
[ "$state" = succeeded ] || { echo "binding still $state after 60 polls" >&2; exit 1; }

step binding read
"${http[@]}" -H @"$work/service-manager.auth" "$sm_url/v1/service_bindings/$binding_id" | jq .credentials > "$work/aicore-binding.json"
jq -e '."credential-type" == "x509" and (.certurl | type == "string")' "$work/aicore-binding.json" > /dev/null

check_flow "$work/aicore-binding.json" "$work/chain.pem" "$work/key.pem"

step artefacts files
openssl pkcs12 -export -in "$work/chain.pem" -inkey "$work/key.pem" -name "$base" \
  -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -passout file:"$PASSWORD_FILE" -out "$work/$base.p12"
jq --rawfile key "$work/key.pem" --rawfile certificate "$work/chain.pem" '. + {certificate: $certificate, key: $key}' \
  "$work/aicore-binding.json" > "$work/aicore-service-key.json"
