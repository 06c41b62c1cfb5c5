#!/usr/bin/env bash
# Makes a cluster's own CA and one certificate it signs, for mutual TLS between silos, gateways and other services
# (GitIntegration:Cluster:Tls:*). Usage: deploy/make-cluster-certs.sh FOLDER [DAYS]
#   FOLDER/ca.crt        the CA every process trusts          -> GitIntegration__Cluster__Tls__CaCertificatePath
#   FOLDER/cluster.crt   the certificate every process shows  -> GitIntegration__Cluster__Tls__CertificatePath
#   FOLDER/cluster.key   its private key (PEM, unencrypted)   -> GitIntegration__Cluster__Tls__KeyPath
#   FOLDER/ca.key        the CA's key: keep it off the cluster; it signs further certificates
# The certificate is for server and client authentication (silos are both). A process admitted with its own
# certificate instead (another service) needs client authentication only; sign it with the same CA.
set -euo pipefail
folder=${1:?usage: $0 FOLDER [DAYS]}
days=${2:-365}
mkdir -p "$folder"
cd "$folder"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $((days * 10)) \
  -subj "/CN=GitIntegration cluster CA" -keyout ca.key -out ca.crt 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=gitintegration-cluster" \
  -keyout cluster.key -out cluster.csr 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' >cluster.ext
openssl x509 -req -in cluster.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -extfile cluster.ext -out cluster.crt 2>/dev/null
rm -f cluster.csr cluster.ext ca.srl
chmod 644 ca.crt cluster.crt
echo "made $folder/ca.crt, $folder/cluster.crt and $folder/cluster.key (and $folder/ca.key)"
