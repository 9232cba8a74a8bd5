using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// A certificate as JSON shaped like an Open Badges 3.0 credential. Every signed field is read back from the
/// place a person sees it (issuer, identifiers, achievement, dates), so editing any of them breaks the proof.
/// The proof is SCARI's own: ECDSA P-256 over <see cref="SignedFields.CanonicalJson"/>, not an RDF cryptosuite.
/// </summary>
public static class CertificateCredential
{
    public const string Cryptosuite = "scari-ecdsa-p256-json-2026";

    public static byte[] Write(Certificate c, SigningKey key, string baseUrl)
    {
        baseUrl = baseUrl.TrimEnd('/');
        using var buffer = new MemoryStream(2048);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue("https://www.w3.org/ns/credentials/v2");
            w.WriteStringValue("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
            w.WriteEndArray();
            w.WriteString("id", $"urn:scari:certificado:{c.Code}");
            w.WriteStartArray("type");
            w.WriteStringValue("VerifiableCredential");
            w.WriteStringValue("OpenBadgeCredential");
            w.WriteEndArray();
            w.WriteString("name", $"Certificado de aprobación: {c.CourseTitle}");
            w.WriteString("url", $"{baseUrl}/verificar/{c.Code}");

            w.WritePropertyName("issuer");
            w.WriteStartObject();
            w.WriteString("id", baseUrl);
            w.WriteStartArray("type");
            w.WriteStringValue("Profile");
            w.WriteEndArray();
            w.WriteString("name", c.EntityName);
            w.WriteString("official", c.SignatoryTitle);
            w.WriteEndObject();

            w.WriteString("validFrom", SignedFields.FormatInstant(c.IssuedUtc));

            w.WritePropertyName("credentialSubject");
            w.WriteStartObject();
            w.WriteStartArray("type");
            w.WriteStringValue("AchievementSubject");
            w.WriteEndArray();
            w.WriteStartArray("identifier");
            WriteIdentifier(w, "name", c.HolderName);
            WriteIdentifier(w, "nationalIdentityNumber", $"{c.DocumentType} {c.DocumentNumber}");
            w.WriteEndArray();
            w.WriteString("activityEndDate", c.CompletedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumber("creditsEarned", c.Hours);
            w.WritePropertyName("achievement");
            w.WriteStartObject();
            w.WriteString("id", $"{baseUrl}/cursos/{c.CourseId}");
            w.WriteStartArray("type");
            w.WriteStringValue("Achievement");
            w.WriteEndArray();
            w.WriteString("achievementType", "Course");
            w.WriteString("humanCode", c.CourseId);
            w.WriteString("name", c.CourseTitle);
            w.WriteString("version", c.CourseVersion);
            w.WriteString("description", $"Curso de {c.Hours} horas (creditsEarned son horas).");
            w.WritePropertyName("criteria");
            w.WriteStartObject();
            w.WriteString("narrative", "Completar todas las lecciones y aprobar todas las evaluaciones del curso.");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WritePropertyName("proof");
            w.WriteStartObject();
            w.WriteString("type", "DataIntegrityProof");
            w.WriteString("cryptosuite", Cryptosuite);
            w.WriteString("created", SignedFields.FormatInstant(c.IssuedUtc));
            w.WriteString("proofPurpose", "assertionMethod");
            w.WriteString("verificationMethod", $"{baseUrl}/api/v1/certificados/clave-publica#{key.KeyId}");
            w.WritePropertyName("publicKeyJwk");
            key.WriteJwk(w);
            w.WriteString("proofValue", c.Signature);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteIdentifier(Utf8JsonWriter w, string type, string value)
    {
        w.WriteStartObject();
        w.WriteString("type", "IdentityObject");
        w.WriteString("identityType", type);
        w.WriteBoolean("hashed", false);
        w.WriteString("identityHash", value);
        w.WriteEndObject();
    }

    /// <summary>The outcome of an offline check: valid, or the reason (Spanish) it is not.</summary>
    public sealed record Verification(bool Valid, string Message, string? Code = null, string? KeyId = null);

    /// <summary>
    /// Checks a credential's proof. With <paramref name="trustedKey"/> the proof must verify with that key;
    /// without it, with the key the credential carries (then only the key id tells whose key that is).
    /// </summary>
    public static Verification Verify(string json, ECDsa? trustedKey)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException) { return new(false, "El archivo no es JSON válido."); }

        using (document)
        {
            SignedFields fields;
            string signature;
            JsonElement proof;
            try
            {
                var root = document.RootElement;
                var id = Str(root, "id");
                const string idPrefix = "urn:scari:certificado:";
                if (!id.StartsWith(idPrefix, StringComparison.Ordinal))
                    return new(false, "El campo «id» no es el de un certificado de SCARI.");
                var issuer = root.GetProperty("issuer");
                var subject = root.GetProperty("credentialSubject");
                var achievement = subject.GetProperty("achievement");
                string? holder = null, identity = null;
                foreach (var identifier in subject.GetProperty("identifier").EnumerateArray())
                {
                    var type = Str(identifier, "identityType");
                    if (type == "name") holder = Str(identifier, "identityHash");
                    else if (type == "nationalIdentityNumber") identity = Str(identifier, "identityHash");
                }
                // The document is "TYPE NUMBER", e.g. "CC 1047394521".
                var space = identity?.IndexOf(' ') ?? -1;
                if (holder is null || identity is null || space <= 0)
                    return new(false, "Faltan el nombre o el documento del titular.");

                proof = root.GetProperty("proof");
                if (Str(proof, "cryptosuite") != Cryptosuite)
                    return new(false, $"La prueba no usa el método de firma de SCARI ({Cryptosuite}).");
                signature = Str(proof, "proofValue");

                fields = new SignedFields(
                    Code: id[idPrefix.Length..],
                    HolderName: holder,
                    DocumentType: identity[..space],
                    DocumentNumber: identity[(space + 1)..],
                    CourseId: Str(achievement, "humanCode"),
                    CourseTitle: Str(achievement, "name"),
                    CourseVersion: Str(achievement, "version"),
                    Hours: subject.GetProperty("creditsEarned").GetInt32(),
                    CompletedOn: DateOnly.ParseExact(Str(subject, "activityEndDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    SignatoryTitle: Str(issuer, "official"),
                    EntityName: Str(issuer, "name"),
                    IssuedUtc: DateTime.ParseExact(Str(root, "validFrom"), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return new(false, "Al archivo le faltan campos del certificado o tienen un formato inesperado.");
            }

            ECDsa? embedded = null;
            string? keyId = null;
            try
            {
                if (proof.TryGetProperty("publicKeyJwk", out var jwk))
                {
                    embedded = CertificateSignature.ImportPublicKey(jwk.GetRawText());
                    keyId = jwk.TryGetProperty("kid", out var kid) ? kid.GetString() : null;
                }
                var key = trustedKey ?? embedded;
                if (key is null)
                    return new(false, "El archivo no trae la clave pública: indique la clave publicada con --key.");
                return CertificateSignature.Verify(key, fields, signature)
                    ? new(true, trustedKey is null
                        ? $"La firma es válida con la clave que trae el archivo (id {keyId}). Compárela con la clave publicada, o indique --key."
                        : "La firma es válida con la clave indicada.", fields.Code, keyId)
                    : new(false, trustedKey is null
                        ? "La firma no corresponde a los datos: el certificado fue modificado o no lo emitió SCARI."
                        : "La firma no corresponde a los datos con la clave indicada: el certificado fue modificado o lo firmó otra clave.",
                        fields.Code, keyId);
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                return new(false, "La clave pública del archivo no es una clave P-256 válida.");
            }
            finally
            {
                embedded?.Dispose();
            }
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new InvalidOperationException(name);
}
