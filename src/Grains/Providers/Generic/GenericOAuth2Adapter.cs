using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Providers.Generic;

/// <summary>
/// Any standards-compliant OAuth 2 server: RFC 6749 code flow (PKCE S256 by default), RFC 7009 revocation when a
/// RevokeUrl is set, RFC 8628 device flow when configured, and validation at ValidateUrl (none: always valid).
/// No SSH-key or repository API is assumed.
/// </summary>
public sealed class GenericOAuth2Adapter(ProviderConfig config, ProviderHttp http) : OAuth2Adapter(config, http);
