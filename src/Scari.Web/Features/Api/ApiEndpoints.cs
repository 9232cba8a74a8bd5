using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Api;

// Over 300 lines on purpose: the whole public surface of /api/v1 (routes, limits, OpenAPI descriptions and the
// Spanish problem details) in one file, read side by side with the OpenAPI document it produces.

// Just over 300 lines: the whole public API surface and its OpenAPI descriptions in one place, so a reviewer sees at
// once everything SCARI exposes without signing in. The work itself is in the services the pages use.

/// <summary>
/// The read-only JSON API for integrations under /api/v1 (catalogue, certificate check, public indicators) and its
/// OpenAPI document at /openapi/v1.json. Everything here is public and shows no more than the public pages do;
/// the work is done by the same services those pages call.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const string DocumentName = "v1";

    public static IServiceCollection AddScariApi(this IServiceCollection services)
    {
        // Spanish text (tildes, ñ) as is in the JSON, not as \u escapes.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        services.AddOpenApi(DocumentName, o =>
        {
            // Only the integration API: not the pages, the PDFs, the media or the health probe.
            o.ShouldInclude = d => d.RelativePath is { } path && path.StartsWith(Prefix.TrimStart('/') + "/", StringComparison.OrdinalIgnoreCase);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "API de SCARI",
                    Version = DocumentName,
                    Description = "API pública de solo lectura para integraciones: catálogo de cursos, verificación de certificados "
                        + "e indicadores del plan de desarrollo. No publica nombres completos de documentos ni datos personales "
                        + "más allá de lo que muestra la verificación pública.\n\n"
                        + "La única excepción es /api/v1/personas/duplicados: exige la sesión de un administrador o de un coordinador "
                        + "(la misma cookie del sitio) y solo muestra los pares cuyas dos personas están en su alcance.\n\n"
                        + "Responde a GET, salvo la confirmación del documento de un certificado (POST, para que el documento "
                        + "nunca vaya en una dirección). Todo error responde `application/problem+json` (RFC 9457) con `status`, y `title` y "
                        + "`detail` en español: 400 si un parámetro no es válido, 404 si el recurso o la ruta no existen, "
                        + "405 (con `Allow`) si la ruta no admite el método, 429 (con `Retry-After`, en segundos) si se superó el límite "
                        + "de consultas y 500 si ocurrió un error inesperado.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var (status, response) in operation.Responses ?? [])
                {
                    if (response is not OpenApiResponse problem || !ProblemDescriptions.TryGetValue(status, out var description)) continue;
                    problem.Description = description;
                    if (status == "429")
                        (problem.Headers ??= new Dictionary<string, IOpenApiHeader>())["Retry-After"] = new OpenApiHeader
                        {
                            Description = "Segundos que debe esperar antes de volver a consultar.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        };
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The OpenAPI description of each error answer (the framework's default is the English reason phrase).</summary>
    private static readonly Dictionary<string, string> ProblemDescriptions = new()
    {
        ["400"] = "Un parámetro no es válido; `detail` dice cuál y cómo escribirlo.",
        ["401"] = "Hace falta iniciar sesión como administrador o coordinador.",
        ["403"] = "La cuenta no tiene un rol que permita consultar esto.",
        ["404"] = "No existe; `detail` dice qué se buscó.",
        ["429"] = "Demasiadas consultas desde esta dirección (`Retry-After` dice cuántos segundos esperar) o, al confirmar un documento, sobre ese certificado.",
        ["500"] = "Error inesperado; quedó registrado.",
    };

    public static WebApplication MapScariApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

        var api = app.MapGroup(Prefix).AllowAnonymous().ProducesProblem(StatusCodes.Status500InternalServerError);

        api.MapGet("/cursos", ListCourses)
            .WithTags("Cursos")
            .WithName("ListarCursos")
            .WithSummary("Lista los cursos del catálogo")
            .WithDescription("Todos los cursos publicados, ordenados por título, con sus módulos, lecciones y cuestionarios (sin respuestas).");
        api.MapGet("/cursos/{curso}", GetCourse)
            .WithTags("Cursos")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ObtenerCurso")
            .WithSummary("Obtiene un curso del catálogo")
            .WithDescription("El curso con el identificador dado, con sus módulos, lecciones y cuestionarios (sin respuestas). "
                + "Responde 404 si el curso no existe.");

        api.MapGet("/certificados/{codigo}", VerifyCertificate)
            .WithTags("Certificados")
            .WithName("VerificarCertificado")
            .WithSummary("Verifica un certificado por su código")
            .WithDescription("Los mismos datos públicos que la página /verificar/{codigo}, con la firma guardada comprobada en cada consulta: "
                + "estado (valid, expired, revoked, replaced, invalid-signature o holder-suppressed), titular, documento enmascarado, curso, "
                + "horas, fecha de finalización, emisión y vencimiento, y en provenance, para una formación que no se hizo en línea en SCARI "
                + "(historial importado o presencial), dónde se impartió, firmado con lo demás. Responde 404 si el código no existe o está mal escrito. "
                + "Limitado a unas pocas consultas por minuto desde cada dirección.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting("verificacion");

        api.MapPost("/certificados/{codigo}/documento", ConfirmDocument)
            .WithTags("Certificados")
            .WithName("ConfirmarDocumento")
            .WithSummary("Confirma si un certificado pertenece a un documento")
            .WithDescription("Recibe {\"tipo\": \"CC\", \"numero\": \"…\"} en el cuerpo (nunca en la dirección) y responde solo "
                + "{\"coincide\": true|false}. Cada certificado admite " + DocumentConfirmation.PerCertificatePerDay + " consultas en 24 horas "
                + "(429 después), además del límite por dirección IP; cada consulta queda en el registro de auditoría.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting("documento");

        api.MapGet("/indicadores", Indicators)
            .WithTags("Indicadores")
            .WithName("ListarIndicadores")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Avance de los indicadores a una fecha de corte")
            .WithDescription("Por indicador: personas distintas que lo cumplen a la fecha de corte (corte=AAAA-MM-DD, hora de Bogotá; "
                + "por omisión, hoy), meta y porcentaje. Las mismas cifras de la página pública /indicadores; nunca nombres.");

        api.MapGet("/cortes", ListCutoffs)
            .WithTags("Cortes publicados")
            .WithName("ListarCortes")
            .WithSummary("Lista los cortes publicados")
            .WithDescription("Cada publicación de un indicador a una fecha, de la más reciente a la más antigua: total de personas, "
                + "huella SHA-256 del archivo público y, si la hay, la publicación que sustituye o que la sustituyó.");
        api.MapGet("/cortes/{id:int}", GetCutoff)
            .WithTags("Cortes publicados")
            .WithName("ObtenerCorte")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Obtiene un corte publicado")
            .WithDescription("Las cifras de una publicación con la regla de reserva de celdas pequeñas (total exacto; celdas de 1 a 4 "
                + "como \"<5\"; \"x\" reservada para que otra no se deduzca; estudiantes redondeados a múltiplos de 5), las huellas "
                + "SHA-256 y el archivo público canónico tal como se calculó su huella. Nunca nombres ni documentos. 404 si no existe.");

        // The one route that is not public: outside the anonymous group, for administrators and coordinators (a missing
        // or wrong session answers 401 or 403 as problem+json, never the sign-in page: AccountsSetup).
        app.MapGet(Prefix + "/personas/duplicados", Duplicates)
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = Roles.Administrador + "," + Roles.Coordinador })
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .WithTags("Personas")
            .WithName("ListarPosiblesDuplicados")
            .WithSummary("Lista los posibles duplicados de personas")
            .WithDescription("Los mismos pares de la página /admin/personas/duplicados, del más probable al menos: los dos registros, "
                + "las razones (same-number-other-type: mismo número con otro tipo; number-one-edit-apart: números a un dígito de distancia "
                + "con el mismo nombre; same-name-and-birth-date: mismo nombre normalizado y fecha de nacimiento; same-email: mismo correo) "
                + "y un puntaje de 1 a 100. Exige la sesión de un administrador o coordinador (401 sin sesión, 403 con otro rol); "
                + "un coordinador ve solo los pares cuyas dos personas son de su colegio o dependencia. Los pares marcados como "
                + "«no es la misma persona» no aparecen.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Results<Ok<IEnumerable<ApiDuplicatePair>>, ProblemHttpResult>> Duplicates(HttpContext http, DuplicateScan scan, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var account = http.Account();
        if (!account.CanManage)
            return TypedResults.Problem(title: ApiProblems.ForbiddenTitle, detail: ApiProblems.ForbiddenDetail, statusCode: StatusCodes.Status403Forbidden);
        var pairs = await scan.FindAsync(account.Staff, ct);
        return TypedResults.Ok(pairs.Select(ApiDuplicatePair.From));
    }

    private static Ok<IEnumerable<ApiCourse>> ListCourses(CourseCatalog catalog) =>
        TypedResults.Ok(catalog.Courses.Select(ApiCourse.From));

    private static Results<Ok<ApiCourse>, ProblemHttpResult> GetCourse(string curso, CourseCatalog catalog) =>
        catalog.Find(curso) is { } course
            ? TypedResults.Ok(ApiCourse.From(course))
            : TypedResults.Problem(title: "No encontramos ese curso.",
                detail: $"No hay ningún curso con el identificador «{curso}». Consulte la lista en {Prefix}/cursos.",
                statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ApiCertificate>, ProblemHttpResult>> VerifyCertificate(string codigo, CertificateVerifier verifier, CancellationToken ct) =>
        await verifier.FindAsync(codigo, ct) is { } certificate
            ? TypedResults.Ok(ApiCertificate.From(certificate))
            : TypedResults.Problem(title: "No encontramos ese certificado.",
                detail: $"No hay ningún certificado con el código «{codigo}». Revise que lo escribió completo, como aparece en el certificado.",
                statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ApiDocumentAnswer>, ProblemHttpResult>> ConfirmDocument(string codigo, ApiDocumentQuestion body,
        DocumentConfirmation confirmation, CancellationToken ct)
    {
        var answer = await confirmation.AskAsync(codigo, body.Tipo, body.Numero, ct);
        return answer switch
        {
            DocumentAnswer.Yes or DocumentAnswer.No => TypedResults.Ok(new ApiDocumentAnswer(answer == DocumentAnswer.Yes)),
            DocumentAnswer.UnknownCertificate => TypedResults.Problem(title: "No encontramos ese certificado.",
                detail: DocumentConfirmation.Message(answer), statusCode: StatusCodes.Status404NotFound),
            DocumentAnswer.TooManyChecks => TypedResults.Problem(title: "Demasiadas consultas para este certificado.",
                detail: DocumentConfirmation.Message(answer), statusCode: StatusCodes.Status429TooManyRequests),
            _ => TypedResults.Problem(title: "La solicitud no es válida.",
                detail: DocumentConfirmation.Message(answer), statusCode: StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<Results<Ok<IEnumerable<ApiIndicator>>, ProblemHttpResult>> Indicators(
        string? corte, PublicIndicators totals, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var today = Bogota.Today(clock);
        DateOnly cutoff = today;
        if (!string.IsNullOrWhiteSpace(corte))
        {
            if (IndicatorLinks.ParseDate(corte) is not { } parsed)
                return TypedResults.Problem(title: "La fecha de corte no es válida.",
                    detail: $"«{corte}» no es una fecha: escríbala como AAAA-MM-DD, por ejemplo {IndicatorLinks.Date(today)}.",
                    statusCode: StatusCodes.Status400BadRequest);
            if (parsed > today)
                return TypedResults.Problem(title: "La fecha de corte es futura.",
                    detail: $"La fecha de corte debe ser hoy ({IndicatorLinks.Date(today)}) o anterior.",
                    statusCode: StatusCodes.Status400BadRequest);
            cutoff = parsed;
        }
        var list = await totals.AtAsync(cutoff, ct);
        http.Response.Headers.CacheControl = totals.PublicCacheControl(list);
        return TypedResults.Ok(list.Select(i => ApiIndicator.From(i, cutoff)));
    }

    private static async Task<Ok<IEnumerable<ApiCutoffSummary>>> ListCutoffs(CutoffPublishing publishing, CancellationToken ct) =>
        TypedResults.Ok((await publishing.ListAsync(ct)).Select(ApiCutoffSummary.From));

    private static async Task<Results<Ok<ApiCutoff>, ProblemHttpResult>> GetCutoff(int id, CutoffPublishing publishing, CancellationToken ct)
    {
        if (await publishing.FindAsync(id, ct) is not { } found)
            return TypedResults.Problem(title: "No encontramos ese corte.",
                detail: $"No hay ninguna publicación con el número {id}. Consulte la lista en {Prefix}/cortes.",
                statusCode: StatusCodes.Status404NotFound);
        var summary = (await publishing.ListAsync(ct)).FirstOrDefault(p => p.Id == id);
        var (p, parsed) = found;
        var r = parsed.Report;
        return TypedResults.Ok(new ApiCutoff(p.Id, r.IndicatorId, r.IndicatorName, IndicatorLinks.Date(r.Cutoff), parsed.PublishedUtc,
            parsed.RuleVersion, r.People, r.Target, r.Additional,
            [.. r.Courses.Select(c => new ApiCutoffCourse(c.Id, c.Version, c.Title, c.People))],
            [.. r.Dependencias.Select(ApiCutoffCell.From)], [.. r.Vinculos.Select(ApiCutoffCell.From)], [.. r.Colegios.Select(ApiCutoffCell.From)],
            [.. r.Months.Select(m => new ApiCutoffMonth(m.Month, m.People))],
            p.Sha256, p.PeopleSha256, p.SupersedesId, summary?.SupersededById, p.PublicFile));
    }
}

/// <summary>A probable duplicate: both records (lower id first), the reasons and the score (1–100).</summary>
public sealed record ApiDuplicatePair(ApiDuplicatePerson A, ApiDuplicatePerson B, IReadOnlyList<ApiDuplicateReason> Reasons, int Score)
{
    public static ApiDuplicatePair From(DuplicatePair p) => new(ApiDuplicatePerson.From(p.A), ApiDuplicatePerson.From(p.B),
        [.. p.Reasons.Select(r => new ApiDuplicateReason(ApiDuplicateReason.CodeOf(r.Reason), r.Description))], p.Score);
}

/// <summary>One record of a pair. <c>audience</c> is staff or student; <c>unit</c> the colegio or dependencia.</summary>
public sealed record ApiDuplicatePerson(int Id, string Name, string DocumentType, string DocumentNumber, string Audience, string? Unit,
    DateOnly? BirthDate, string? Email)
{
    public static ApiDuplicatePerson From(DuplicateHalf h) => new(h.Id, h.FullName, h.DocumentType.ToString(), h.DocumentNumber,
        ApiCourse.AudienceKey(h.Audience)!, h.Unit, h.BirthDate, h.Email);
}

/// <summary>A reason: <c>code</c> is same-number-other-type, number-one-edit-apart, same-name-and-birth-date or same-email.</summary>
public sealed record ApiDuplicateReason(string Code, string Description)
{
    public static string CodeOf(DuplicateReason reason) => reason switch
    {
        DuplicateReason.SameNumberOtherType => "same-number-other-type",
        DuplicateReason.NumberOneEditApart => "number-one-edit-apart",
        DuplicateReason.SameNameAndBirthDate => "same-name-and-birth-date",
        _ => "same-email",
    };
}

/// <summary>A published cut-off in the list.</summary>
public sealed record ApiCutoffSummary(int Id, string Indicator, string Cutoff, DateTime PublishedUtc, int People, string Sha256, int? Supersedes, int? SupersededBy)
{
    public static ApiCutoffSummary From(PublicationSummary p) =>
        new(p.Id, p.IndicatorId, IndicatorLinks.Date(p.Cutoff), p.PublishedUtc, p.People, p.Sha256, p.SupersedesId, p.SupersededById);
}

/// <summary>One published cut-off: figures after the disclosure rule, hashes and the canonical public file.</summary>
public sealed record ApiCutoff(int Id, string Indicator, string Name, string Cutoff, DateTime PublishedUtc, string Rule, int People, int Target,
    string AdditionalParticipations, IReadOnlyList<ApiCutoffCourse> Courses, IReadOnlyList<ApiCutoffCell> Dependencias,
    IReadOnlyList<ApiCutoffCell> Vinculos, IReadOnlyList<ApiCutoffCell> Colegios, IReadOnlyList<ApiCutoffMonth> Months,
    string Sha256, string PeopleFileSha256, int? Supersedes, int? SupersededBy, string PublicFile);

public sealed record ApiCutoffCourse(string Id, string Version, string Title, string People);

public sealed record ApiCutoffCell(string Key, string Label, string People)
{
    public static ApiCutoffCell From(PublicCell c) => new(c.Key, c.Label, c.Value);
}

public sealed record ApiCutoffMonth(string Month, int People);

/// <summary>A course of the catalogue. <c>audience</c> is staff, student or null (both).</summary>
public sealed record ApiCourse(string Id, string Title, string Summary, string? Audience, int Hours, string Indicator,
    string Version, IReadOnlyList<ApiModule> Modules)
{
    public static ApiCourse From(Course c) => new(c.Id, c.Title, c.Summary, AudienceKey(c.Audience), c.Hours, c.IndicatorId, c.Version,
        [.. c.Modules.Select(m => new ApiModule(m.Id, m.Title, m.Summary, [.. m.Items.Select(ApiCourseItem.From)]))]);

    public static string? AudienceKey(Audience? audience) => audience switch
    {
        People.Audience.Staff => "staff",
        People.Audience.Student => "student",
        _ => null,
    };
}

public sealed record ApiModule(string Id, string Title, string? Summary, IReadOnlyList<ApiCourseItem> Items);

/// <summary>A lesson or a quiz: <c>type</c> is lesson or quiz; <c>minutes</c> only for lessons. Quizzes never carry their answers.</summary>
public sealed record ApiCourseItem(string Id, string Title, string Type, int? Minutes)
{
    public static ApiCourseItem From(CourseItem item) => item switch
    {
        Lesson l => new(l.Id, l.Title, "lesson", l.Minutes),
        _ => new(item.Id, item.Title, "quiz", null),
    };
}

/// <summary>
/// The public facts of a certificate. <c>state</c> is valid, expired (past <c>validUntilUtc</c>), revoked, replaced (revoked
/// with a live replacement), invalid-signature (the stored proof does not verify or does not state these facts: trust none
/// of them), or holder-suppressed (the holder's data was erased at their request: the code no longer tells whose it is, so
/// the name and document are empty).
/// </summary>
public sealed record ApiCertificate(string Code, string State, string HolderName, string Document, string Course, int Hours,
    DateOnly CompletedOn, string Entity, DateTime? RevokedUtc, string? ReplacedBy, DateTime IssuedUtc, DateTime? ValidUntilUtc,
    string? Provenance = null)
{
    public static ApiCertificate From(PublicCertificate c) => new(c.Code,
        c.State switch
        {
            VerificationState.HolderSuppressed => "holder-suppressed",
            VerificationState.InvalidSignature => "invalid-signature",
            VerificationState.Revoked => c.ReplacedByCode is null ? "revoked" : "replaced",
            VerificationState.Expired => "expired",
            _ => "valid",
        },
        c.HolderSuppressed ? "" : c.HolderName, c.HolderSuppressed ? "" : c.MaskedDocument, c.CourseTitle, c.Hours, c.CompletedOn, c.EntityName,
        c.RevokedUtc, c.ReplacedByCode, c.IssuedUtc, c.ValidUntilUtc, c.Provenance);
}

/// <summary>The question of <c>POST /api/v1/certificados/{codigo}/documento</c>: document type (CC, TI, CE, PPT, PEP, PA, RC) and number.</summary>
public sealed record ApiDocumentQuestion(string? Tipo, string? Numero);

/// <summary>The only answer: whether the certificate was issued to that document.</summary>
public sealed record ApiDocumentAnswer(bool Coincide);

/// <summary>One indicator at a cut-off date: distinct people counted once, the target, and the percent (one decimal).</summary>
public sealed record ApiIndicator(string Id, string Name, string? Audience, int Target, int Count, double Percent, DateOnly Cutoff,
    DateOnly PeriodStart, DateOnly PeriodEnd, DateTime ComputedUtc)
{
    public static ApiIndicator From(PublicIndicator i, DateOnly cutoff) => new(i.Indicator.Id, i.Indicator.Name,
        ApiCourse.AudienceKey(i.Indicator.Audience), i.Indicator.Target, i.People, Math.Round(i.Percent, 1, MidpointRounding.AwayFromZero), cutoff,
        i.Indicator.PeriodStart, i.Indicator.PeriodEnd, i.ComputedUtc);
}
