/** `iothub --help` */
export const USAGE = `iothub: the IoT Hub dev broker's operator API from the command line (docs/operator-api.md)

Usage: npx iothub <command> [arguments] [options]

Connection (flag, else environment, else default):
  --url <url>          mqtt://… or ws://…/mqtt      IOTHUB_URL             mqtt://127.0.0.1:1883
  --user <account>     operator account             IOTHUB_USER            admin
  --password <pw>      operator password            IOTHUB_ADMIN_PASSWORD  <data dir>/admin-password
  --json               print results as JSON
  --timeout <ms>       how long to wait for a reply (default 30000; rpc: its timeout + 5 s)

Devices (<device> is a device name or id):
  devices list [--name <part>] [--online|--offline] [--offset n] [--limit n]
  devices get <device>
  devices create --name <name> [--token T] [--profile P] [--type T] [--gateway] [--credentials '<json>']
  devices update <device> [--name N] [--profile P] [--type T] [--gateway|--no-gateway]
  devices delete <device>
  devices credentials <device> [--token T | --credentials '<json>']   (read, or replace)

Data:
  telemetry latest <device> [keys]
  telemetry history <device> --keys a,b [--start t] [--end t] [--agg NONE|AVG|MIN|MAX|SUM|COUNT]
                    [--interval ms] [--limit n] [--order asc|desc]    (t: Unix ms, ISO date, now, -15m, -2h, -1d)
  attributes get <device> client|shared|server [keys]
  attributes set <device> shared|server '<json>'
  attributes delete <device> client|shared|server <keys>

RPC:
  rpc <device> <method> ['<json params>'] [--oneway] [--timeout ms] [--persistent]
                                           [--expiration t] [--retries n] [--info '<json>']
  rpc get <rpcId> | rpc list <device> [--status QUEUED,…] | rpc delete <rpcId>

Claiming:
  claim <device> --customer <name> [--secret <key>]     (the device registered with v1/devices/me/claim)
  reclaim <device>
  registrations                                        (devices waiting to be claimed)
  customers

OTA (<package> is an id, title@version, or a title naming one package):
  ota list [--type FIRMWARE|SOFTWARE] | ota get <package> | ota delete <package>
  ota upload <file> --title T --version V [--type SOFTWARE] [--alg SHA256|MD5|…] [--tag t]
             [--checksum hex] [--file-name n] [--content-type c]     (progress on stderr; up to 16 MiB)
  ota upload --package-url <https://…> --title T --version V [--type SOFTWARE] [--alg A --checksum hex]
  ota assign <package> --device D | --profile P
  ota unassign --device D | --profile P [--type FIRMWARE|SOFTWARE]    (default FIRMWARE)
  ota status [device]

Platform:
  profiles list | get <profile> | delete <profile>
  profiles create --name N [--provision-type T --provision-key K --provision-secret S]
                  [--payload-type JSON|PROTOBUF] [--ack-on-invalid true|false]
                  [--json-compat true|false] [--json-downlink true|false]
                  [--telemetry-proto F] [--attributes-proto F] [--rpc-request-proto F] [--rpc-response-proto F]
                  (F: a .proto file; a schema that does not compile is refused with the parser's message)
  profiles update <profile> [same options as create]
  events [--device D] [--kinds a,b] [--limit n] [--follow [--count n]]
  sessions [--device D] [--kind device|operator|provision]
  info
  call <method> ['<json params>']        any method, e.g. call clientRpc.rules.list

Test state (docs/testing.md):
  reset                                  back to the seed state (the config's devices, or --import)
  snapshot [file]                        the whole state as JSON, into the file or to stdout
  restore <file>                         replace the whole state with a snapshot file

Exit codes: 0 ok, 1 the API answered with an error (its code and message are printed), 2 usage, 3 connection.
`;
