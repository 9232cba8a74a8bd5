using Scari.Web.Features.Accounts;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

/// <summary>Files rather than pages: the PDF and JSON of a certificate, the public key, and the streamed ZIP for staff.</summary>
public static class CertificateEndpoints
{
    public static WebApplication MapScariCertificates(this WebApplication app)
    {
        app.MapGet("/certificados/{codigo}.pdf", PdfAsync).RequireAuthorization();
        app.MapGet("/certificados/{codigo}.json", JsonAsync).RequireAuthorization();
        app.MapGet("/certificados/{codigo}.jwt", JwtAsync).RequireAuthorization();
        app.MapGet("/emisor", IssuerAsync).AllowAnonymous();
        app.MapGet("/emisor/imagen", IssuerImage).AllowAnonymous();
        app.MapGet("/emisor/claves", JwkSetAsync).AllowAnonymous();
        app.MapGet("/emisor/claves/{huella}", JwkByThumbprintAsync).AllowAnonymous();
        app.MapGet("/api/v1/certificados/estado", StatusListAsync).AllowAnonymous()
            .WithTags("Certificados").WithSummary("Lista de estado de revocación (W3C Bitstring Status List, VC-JWT)")
            .WithDescription("La credencial BitstringStatusListCredential firmada (RS256) que nombran los certificados en credentialStatus: "
                + "el bit de la posición statusListIndex vale 1 si el certificado fue revocado.")
            .Produces(StatusCodes.Status200OK, contentType: "application/vc+jwt")
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        app.MapGet("/.well-known/scari-certificados.pem", PemAsync).AllowAnonymous();
        app.MapGet("/api/v1/certificados/clave-publica", JwkAsync).AllowAnonymous()
            .WithTags("Certificados").WithSummary("Clave pública de firma de los certificados (JWK)")
            .Produces(StatusCodes.Status200OK, contentType: "application/jwk+json")
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        app.MapGet("/admin/certificados/zip", ZipAsync)
            .RequireAuthorization(new AuthorizeAttribute { Roles = $"{Accounts.Roles.Administrador},{Accounts.Roles.Coordinador}" });
        return app;
    }

    /// <summary>A certificate the viewer may download; never one whose holder was anonymized (it no longer says whose it is).</summary>
    private static async Task<Certificate?> FindVisibleAsync(HttpContext http, CertificateAccess access, string codigo, CancellationToken ct)
    {
        if (CertificateCode.Normalize(codigo) is not { } code) return null;
        var viewer = http.Account();
        return await access.Certificates(viewer).SingleOrDefaultAsync(c => c.Code == code && c.HolderSuppressedUtc == null, ct);
    }

    private static async Task<IResult> PdfAsync(string codigo, HttpContext http, CertificateAccess access, CertificatePdf pdf, CancellationToken ct)
    {
        var certificate = await FindVisibleAsync(http, access, codigo, ct);
        if (certificate is null) return Results.NotFound();
        // SkiaSharp writes synchronously: render to memory (about 60 KB), then send.
        var buffer = new MemoryStream(80 * 1024);
        pdf.Render(certificate, http.Links().Verification(certificate.Code), buffer);
        buffer.Position = 0;
        return Results.File(buffer, "application/pdf", $"{certificate.Code}.pdf");
    }

    /// <summary>
    /// The credential as JSON: for an Open Badges certificate, the signed JWT's payload as issued; for an older one, the
    /// old format, which signs the document number in clear, so only its holder and administrators get it.
    /// </summary>
    private static async Task<IResult> JsonAsync(string codigo, HttpContext http, CertificateAccess access, CertificateKeys keys, CancellationToken ct)
    {
        var certificate = await FindVisibleAsync(http, access, codigo, ct);
        if (certificate is null) return Results.NotFound();
        if (certificate.CredentialJwt is { } jwt)
        {
            using var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[1]));
            var pretty = JsonSerializer.SerializeToUtf8Bytes(payload.RootElement, new JsonSerializerOptions
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
            return Results.File(pretty, "application/json", $"{certificate.Code}.json");
        }
        var viewer = http.Account();
        if (!viewer.IsAdministrator && viewer.PersonId != certificate.PersonId) return Results.NotFound();
        var key = await keys.GetAsync(ct);
        var json = CertificateCredential.Write(certificate, key, http.Links().BaseUrl);
        return Results.File(json, "application/json", $"{certificate.Code}.json");
    }

    /// <summary>The signed Open Badges credential exactly as issued (compact JWS), for wallets and verifiers.</summary>
    private static async Task<IResult> JwtAsync(string codigo, HttpContext http, CertificateAccess access, CancellationToken ct)
    {
        var certificate = await FindVisibleAsync(http, access, codigo, ct);
        if (certificate?.CredentialJwt is not { } jwt) return Results.NotFound();
        return Results.File(Encoding.ASCII.GetBytes(jwt), "application/vc+jwt", $"{certificate.Code}.jwt");
    }

    /// <summary>The issuer <c>Profile</c> that every credential's <c>issuer.id</c> names.</summary>
    private static IResult IssuerAsync(HttpContext http, Content.CourseCatalog catalog)
    {
        var baseUrl = http.Links().BaseUrl;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var entity = catalog.Settings.Entity;
            // The profile alone is a JSON-LD document: it names its contexts, then the same members as inside a credential.
            using var inner = new MemoryStream();
            using (var iw = new Utf8JsonWriter(inner))
                IssuerProfile.Write(iw, baseUrl, entity.Name, catalog.Settings.Signatory.Title, IssuerLogo(catalog) is not null);
            using var profile = JsonDocument.Parse(inner.ToArray());
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue(OpenBadgeCredential.VcContext);
            w.WriteStringValue(OpenBadgeCredential.ObContext);
            w.WriteEndArray();
            foreach (var property in profile.RootElement.EnumerateObject()) property.WriteTo(w);
            w.WriteEndObject();
        }
        return Results.Bytes(buffer.ToArray(), "application/json");
    }

    private static string? IssuerLogo(Content.CourseCatalog catalog) =>
        catalog.Settings.Entity.LogoPath is { Length: > 0 } path && Path.Combine(catalog.ContentDirectory, path) is var full && File.Exists(full) ? full : null;

    private static IResult IssuerImage(Content.CourseCatalog catalog) =>
        IssuerLogo(catalog) is { } file
            ? Results.File(file, Path.GetExtension(file).Equals(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg")
            : Results.NotFound();

    private static async Task<IResult> JwkSetAsync(HttpContext http, CredentialKeys keys, CancellationToken ct)
    {
        var baseUrl = http.Links().BaseUrl;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("keys");
            foreach (var key in await keys.AllAsync(ct)) key.WriteJwk(w, baseUrl);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Results.Bytes(buffer.ToArray(), "application/jwk-set+json");
    }

    /// <summary>One key, at the URL a credential's <c>kid</c> names.</summary>
    private static async Task<IResult> JwkByThumbprintAsync(string huella, HttpContext http, CredentialKeys keys, CancellationToken ct)
    {
        var key = await keys.FindPublishedAsync(huella, ct);
        if (key is null) return Results.NotFound();
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) key.WriteJwk(w, http.Links().BaseUrl);
        return Results.Bytes(buffer.ToArray(), "application/jwk+json");
    }

    private static async Task<IResult> StatusListAsync(HttpContext http, StatusList list, CancellationToken ct)
    {
        var jwt = await list.CredentialJwtAsync(http.Links().BaseUrl, ct);
        // Verifiers must see a revocation promptly: no shared caches.
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(Encoding.ASCII.GetBytes(jwt), "application/vc+jwt");
    }

    private static async Task<IResult> PemAsync(CertificateKeys keys, CancellationToken ct) =>
        Results.Text((await keys.GetAsync(ct)).PublicKeyPem, "application/x-pem-file", Encoding.ASCII);

    private static async Task<IResult> JwkAsync(CertificateKeys keys, CancellationToken ct)
    {
        var key = await keys.GetAsync(ct);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) key.WriteJwk(w);
        return Results.Text(buffer.ToArray(), "application/jwk+json");
    }

    /// <summary>
    /// The live certificates of the list on /admin/certificados with the same filters: a cohort (<c>cohorte</c>),
    /// a course (<c>curso</c>), completion dates (<c>desde</c>, <c>hasta</c>) and a search term (<c>q</c>), within the
    /// viewer's scope, as one ZIP written straight to the response, one PDF at a time.
    /// </summary>
    private static async Task<IResult> ZipAsync(HttpContext http, CertificateAccess access, CertificatePdf pdf, ScariDbContext db,
        int? cohorte, string? curso, DateOnly? desde, DateOnly? hasta, string? q, CancellationToken ct)
    {
        var viewer = http.Account();
        var filter = new CertificateFilter(q, curso, cohorte, desde, hasta, Revoked: false);
        // Never a certificate whose holder was anonymized: it no longer says whose it is.
        var query = filter.Apply(access.Certificates(viewer).Where(c => c.HolderSuppressedUtc == null), db);
        if (!await query.AnyAsync(ct))
            // Back to the list with the same filters, and a notice saying why no file came.
            return Results.Redirect(filter.Url("/admin/certificados", aviso: "zip-vacio"));

        var name = cohorte is not null ? $"certificados-cohorte-{cohorte}.zip"
            : curso is not null ? $"certificados-{Sanitize(curso)}.zip" : "certificados.zip";
        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        var baseUrl = http.Links().BaseUrl;

        var certificates = query.OrderBy(c => c.HolderName).ThenBy(c => c.Id).AsAsyncEnumerable();
        await CertificateZip.WriteAsync(certificates, pdf, c => http.Links().Verification(c.Code), http.Response.Body, ct);
        return Results.Empty;
    }

    internal static string Sanitize(string text)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = text.Select(ch => invalid.Contains(ch) || ch is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : ch).ToArray();
        return new string(chars).Trim();
    }
}
