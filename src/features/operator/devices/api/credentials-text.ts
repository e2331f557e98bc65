import type { CredentialsDto } from '@protocol/operator-dto.ts';

/** Credentials as one line to paste into a device's configuration. */
export function credentialsText(credentials: CredentialsDto): string {
  switch (credentials.type) {
    case 'ACCESS_TOKEN':
      return credentials.token;
    case 'MQTT_BASIC':
      return JSON.stringify({
        clientId: credentials.clientId,
        userName: credentials.userName,
        password: credentials.password,
      });
    case 'X509_CERTIFICATE':
      return credentials.certificate;
  }
}
