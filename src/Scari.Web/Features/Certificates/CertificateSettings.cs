namespace Scari.Web.Features.Certificates;

/// <summary>
/// The <c>Certificates</c> configuration section. The entity, program, logo and signatory come from
/// content/scari.yaml through the course catalogue; only the key is configured here.
/// </summary>
public sealed class CertificateSettings
{
    /// <summary>A PKCS#8 PEM private key (ECDSA P-256). When empty, a key is generated once and kept in the database.</summary>
    public string? SigningKeyPem { get; set; }
}
