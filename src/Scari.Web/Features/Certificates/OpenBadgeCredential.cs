using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// A certificate as an Open Badges 3.0 <c>OpenBadgeCredential</c> secured as a VC-JWT, following the 1EdTech
/// specification's "JSON Web Token Proof Format" (docs/credenciales.md names the pinned revision): the payload is the
/// credential itself plus the claims <c>iss</c> = issuer.id, <c>jti</c> = id, <c>nbf</c> = validFrom,
/// <c>sub</c> = credentialSubject.id and, when it expires, <c>exp</c> = validUntil; the JOSE header is <c>alg</c> RS256,
/// <c>kid</c> (the URL of the public JWK) and <c>typ</c> JWT, nothing else. The holder is named by name and a random
/// subject id: never by document.
/// </summary>
public static class OpenBadgeCredential
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string ObContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <summary>What a credential states, as SCARI wrote it; also what a check reads back.</summary>
    public sealed record Facts(
        string Code, Guid SubjectId, string HolderName, string CourseId, string CourseTitle, string CourseVersion, int Hours,
        DateOnly CompletedOn, string EntityName, string SignatoryTitle, DateTime IssuedUtc, DateTime? ValidUntilUtc, int StatusListIndex,
        string? Provenance = null);

    public static string IssuerId(string baseUrl) => $"{baseUrl}/emisor";
    public static string CredentialId(string baseUrl, string code) => $"{baseUrl}/verificar/{code}";
    public static string StatusListUrl(string baseUrl) => $"{baseUrl}/api/v1/certificados/estado";

    /// <summary>The credential's JSON (the JWT payload), claims included.</summary>
    public static byte[] Payload(Facts f, string baseUrl, bool hasImage)
    {
        using var buffer = new MemoryStream(2048);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue(VcContext);
            w.WriteStringValue(ObContext);
            w.WriteEndArray();
            w.WriteString("id", CredentialId(baseUrl, f.Code));
            w.WriteStartArray("type");
            w.WriteStringValue("VerifiableCredential");
            w.WriteStringValue("OpenBadgeCredential");
            w.WriteEndArray();
            w.WriteString("name", $"Certificado de aprobación: {f.CourseTitle}");
            w.WritePropertyName("issuer");
            IssuerProfile.Write(w, baseUrl, f.EntityName, f.SignatoryTitle, hasImage);
            w.WriteString("validFrom", Instant(f.IssuedUtc));
            if (f.ValidUntilUtc is { } until) w.WriteString("validUntil", Instant(until));

            w.WritePropertyName("credentialSubject");
            w.WriteStartObject();
            w.WriteString("id", SubjectUrn(f.SubjectId));
            w.WriteStartArray("type");
            w.WriteStringValue("AchievementSubject");
            w.WriteEndArray();
            w.WriteStartArray("identifier");
            w.WriteStartObject();
            w.WriteString("type", "IdentityObject");
            w.WriteString("identityType", "name");
            w.WriteBoolean("hashed", false);
            w.WriteString("identityHash", f.HolderName);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("activityEndDate", BogotaMidnight(f.CompletedOn));
            w.WriteNumber("creditsEarned", f.Hours);
            w.WritePropertyName("achievement");
            w.WriteStartObject();
            w.WriteString("id", $"{baseUrl}/cursos/{Uri.EscapeDataString(f.CourseId)}");
            w.WriteStartArray("type");
            w.WriteStringValue("Achievement");
            w.WriteEndArray();
            w.WriteString("achievementType", "Course");
            w.WriteString("humanCode", f.CourseId);
            w.WriteString("name", f.CourseTitle);
            if (f.CourseVersion.Length > 0) w.WriteString("version", f.CourseVersion);
            w.WriteString("description", $"Curso de {f.Hours} horas de {f.EntityName} (creditsEarned son horas).");
            w.WritePropertyName("criteria");
            w.WriteStartObject();
            w.WriteString("narrative", "Completar todas las lecciones y aprobar todas las evaluaciones del curso.");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            // Training not learned on line in SCARI (imported history, in-person attendance) says where it was given, as the
            // credential's evidence (OB 3.0 Evidence: a narrative); the PDF and /verificar show the same line.
            if (f.Provenance is { } provenance)
            {
                w.WriteStartArray("evidence");
                w.WriteStartObject();
                w.WriteStartArray("type");
                w.WriteStringValue("Evidence");
                w.WriteEndArray();
                w.WriteString("name", "Procedencia de la formación");
                w.WriteString("narrative", provenance);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            var listUrl = StatusListUrl(baseUrl);
            var index = f.StatusListIndex.ToString(CultureInfo.InvariantCulture);
            w.WritePropertyName("credentialStatus");
            w.WriteStartObject();
            w.WriteString("id", $"{listUrl}#{index}");
            w.WriteString("type", "BitstringStatusListEntry");
            w.WriteString("statusPurpose", "revocation");
            w.WriteString("statusListIndex", index);
            w.WriteString("statusListCredential", listUrl);
            w.WriteEndObject();

            // The JWT claims that mirror the credential (OB 3.0, "JWT Payload Format").
            w.WriteString("iss", IssuerId(baseUrl));
            w.WriteString("jti", CredentialId(baseUrl, f.Code));
            w.WriteNumber("nbf", NumericDate(f.IssuedUtc));
            w.WriteString("sub", SubjectUrn(f.SubjectId));
            if (f.ValidUntilUtc is { } exp) w.WriteNumber("exp", NumericDate(exp));
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Signs a payload as a compact JWS with the header OB 3.0 allows: alg RS256, kid (the key's URL), typ JWT.</summary>
    public static string Sign(byte[] payload, RSA privateKey, string kid)
    {
        var credentials = new SigningCredentials(new RsaSecurityKey(privateKey) { KeyId = kid }, SecurityAlgorithms.RsaSha256);
        return new JsonWebTokenHandler().CreateToken(Encoding.UTF8.GetString(payload), credentials);
    }

    /// <summary>The outcome of a check of a VC-JWT: the facts it states when valid, else the reason (Spanish).</summary>
    public sealed record Check(bool Valid, string Message, Facts? Facts = null, string? Kid = null, string? IssuerId = null);

    /// <summary>The <c>kid</c> of a compact JWS, or null when the text is not one.</summary>
    public static string? KeyIdOf(string jwt)
    {
        try { return new JsonWebToken(jwt.Trim()).Kid; }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException) { return null; }
    }

    public static bool LooksLikeJwt(string text) =>
        text.Trim() is var t && t.Count(ch => ch == '.') == 2 && !t.Contains('{') && !t.Contains(' ');

    /// <summary>
    /// Verifies the signature with <paramref name="key"/> and the claim mapping of OB 3.0 ("Verify a Credential VC-JWT
    /// Signature"): iss = issuer.id, sub = credentialSubject.id, nbf = validFrom, jti = id, exp = validUntil.
    /// Expiry and revocation are not judged here: the caller shows them.
    /// </summary>
    public static async Task<Check> VerifyAsync(string jwt, SecurityKey key)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt.Trim(), new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            TryAllIssuerSigningKeys = false,
        });
        if (!result.IsValid)
            return new(false, "La firma no corresponde al contenido: la credencial fue modificada o no la firmó esa clave.");
        var token = (JsonWebToken)result.SecurityToken;
        try
        {
            using var document = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
            var root = document.RootElement;
            var issuer = root.GetProperty("issuer");
            var issuerId = issuer.ValueKind == JsonValueKind.String ? issuer.GetString()! : Str(issuer, "id");
            var subject = root.GetProperty("credentialSubject");
            var id = Str(root, "id");
            var validFrom = ParseInstant(Str(root, "validFrom"));
            DateTime? validUntil = root.TryGetProperty("validUntil", out var vu) ? ParseInstant(vu.GetString()!) : null;

            if (Str(root, "iss") != issuerId) return Mismatch("iss", "issuer.id");
            if (Str(root, "sub") != Str(subject, "id")) return Mismatch("sub", "credentialSubject.id");
            if (Str(root, "jti") != id) return Mismatch("jti", "id");
            if (!root.TryGetProperty("nbf", out var nbf) || FromNumericDate(nbf.GetInt64()) != validFrom) return Mismatch("nbf", "validFrom");
            var hasExp = root.TryGetProperty("exp", out var exp);
            if (hasExp != validUntil.HasValue || (hasExp && FromNumericDate(exp.GetInt64()) != validUntil)) return Mismatch("exp", "validUntil");

            var marker = "/verificar/";
            var at = id.LastIndexOf(marker, StringComparison.Ordinal);
            var achievement = subject.GetProperty("achievement");
            string? holder = null;
            if (subject.TryGetProperty("identifier", out var identifiers))
                foreach (var identifier in identifiers.EnumerateArray())
                    if (Str(identifier, "identityType") == "name") holder = Str(identifier, "identityHash");
            var subjectUrn = Str(subject, "id");
            var facts = new Facts(
                Code: at < 0 ? id : id[(at + marker.Length)..],
                SubjectId: subjectUrn.StartsWith("urn:uuid:", StringComparison.Ordinal) && Guid.TryParse(subjectUrn[9..], out var g) ? g : Guid.Empty,
                HolderName: holder ?? "",
                CourseId: achievement.TryGetProperty("humanCode", out var hc) ? hc.GetString() ?? "" : "",
                CourseTitle: Str(achievement, "name"),
                CourseVersion: achievement.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "",
                Hours: subject.TryGetProperty("creditsEarned", out var credits) ? (int)credits.GetDouble() : 0,
                CompletedOn: subject.TryGetProperty("activityEndDate", out var end)
                    ? DateOnly.FromDateTime(DateTimeOffset.Parse(end.GetString()!, CultureInfo.InvariantCulture).DateTime) : default,
                EntityName: issuer.ValueKind == JsonValueKind.Object && issuer.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "",
                SignatoryTitle: issuer.ValueKind == JsonValueKind.Object && issuer.TryGetProperty("official", out var o) ? o.GetString() ?? "" : "",
                IssuedUtc: validFrom,
                ValidUntilUtc: validUntil,
                StatusListIndex: root.TryGetProperty("credentialStatus", out var status)
                    && int.TryParse(Str(status, "statusListIndex"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1,
                Provenance: root.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Array && evidence.GetArrayLength() > 0
                    && evidence[0].TryGetProperty("narrative", out var narrative) ? narrative.GetString() : null);
            return new(true, "La firma es válida y las fechas y el emisor del JWT coinciden con la credencial.", facts, token.Kid, issuerId);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return new(false, "La firma es válida, pero al contenido le faltan campos de una credencial Open Badges 3.0 o tienen un formato inesperado.");
        }
    }

    private static Check Mismatch(string claim, string property) =>
        new(false, $"El campo «{claim}» del JWT no coincide con «{property}» de la credencial.");

    internal static string SubjectUrn(Guid id) => $"urn:uuid:{id:D}";

    internal static string Instant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>OB 3.0 dates are date-times: a completion date is the start of that day in Bogotá (UTC−5, no daylight saving).</summary>
    internal static string BogotaMidnight(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00-05:00";

    internal static DateTime ParseInstant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

    internal static long NumericDate(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
    internal static DateTime FromNumericDate(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;

    private static string Str(JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new InvalidOperationException(name);
}

/// <summary>The issuer <c>Profile</c>: the same object inside every credential and at <c>/emisor</c>.</summary>
public static class IssuerProfile
{
    public static void Write(Utf8JsonWriter w, string baseUrl, string entityName, string? official, bool hasImage)
    {
        w.WriteStartObject();
        w.WriteString("id", OpenBadgeCredential.IssuerId(baseUrl));
        w.WriteStartArray("type");
        w.WriteStringValue("Profile");
        w.WriteEndArray();
        w.WriteString("name", entityName);
        w.WriteString("url", baseUrl + "/");
        if (!string.IsNullOrEmpty(official)) w.WriteString("official", official);
        if (hasImage)
        {
            w.WritePropertyName("image");
            w.WriteStartObject();
            w.WriteString("id", $"{baseUrl}/emisor/imagen");
            w.WriteString("type", "Image");
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
