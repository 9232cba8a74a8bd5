namespace Scari.Web.Features.Certificates;

/// <summary>
/// What certificates print about the issuer, bound from the <c>Certificates</c> configuration section.
/// The defaults repeat content/scari.yaml; the integrator feeds these from the course catalogue's settings.
/// </summary>
public sealed class CertificateSettings
{
    public string EntityName { get; set; } = "Alcaldía Mayor de Cartagena de Indias";
    public string Program { get; set; } = "Sistema de Capacitación de la 4ta Revolución Industrial";
    public string SignatoryTitle { get; set; } = "Jefe de la Oficina Asesora de Informática";
    public string SignatoryEntity { get; set; } = "Alcaldía Mayor de Cartagena de Indias";
    /// <summary>A PNG or JPEG logo (absolute, or relative to the content folder); skipped when absent or SVG.</summary>
    public string? LogoPath { get; set; }
    /// <summary>A PKCS#8 PEM private key (ECDSA P-256). When empty, a key is generated once and kept in the database.</summary>
    public string? SigningKeyPem { get; set; }
}
