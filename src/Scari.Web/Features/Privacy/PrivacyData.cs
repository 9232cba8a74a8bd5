using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Privacy;

/// <summary>One kind of data held about a person ("Inscripciones"), as rows of field → value.</summary>
public sealed record DataSection(string Key, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>
/// Everything SCARI holds about the signed-in account and its person (Ley 1581 de 2012, derecho de acceso):
/// shown on /mi-cuenta/mis-datos and exported as JSON and CSV.
/// </summary>
public sealed class PrivacyData(ScariDbContext db, Content.CourseCatalog catalog)
{
    /// <summary>A course's title from the catalogue, or the one stored with the data, or else its id.</summary>
    private string CourseTitle(string courseId, string? stored = null) => catalog.Find(courseId)?.Title ?? stored ?? courseId;

    /// <summary>A lesson's or evaluation's title as the course names it today (its id only if the course no longer has it).</summary>
    private string ItemTitle(string courseId, string itemId) => catalog.FindItem(courseId, itemId)?.Title ?? itemId;

    private static string Action(string action) => Labels.AuditAction(action) ?? action;

    public async Task<IReadOnlyList<DataSection>> ForAccountAsync(string userId, CancellationToken ct)
    {
        var sections = new List<DataSection>();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.UserName, u.Email, u.FullName, u.CreatedUtc, u.TwoFactorEnabled, u.PersonId })
            .SingleOrDefaultAsync(ct);
        if (account is null) return sections;
        var roles = await db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
        sections.Add(new("cuenta", "Cuenta", ["Usuario", "Correo", "Nombre", "Creada", "Roles", "Ingreso en dos pasos"],
            [[account.UserName, account.Email, account.FullName, Time(account.CreatedUtc), string.Join(", ", roles), account.TwoFactorEnabled ? "Sí" : "No"]]));

        if (account.PersonId is { } personId)
            sections.AddRange(await ForPersonAsync(personId, ct));

        var accountAudit = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == "ScariUser" && e.TargetId == userId)
            .OrderBy(e => e.AtUtc)
            .Select(e => new { e.AtUtc, e.ActorName, e.Action, e.Summary }).ToListAsync(ct);
        sections.Add(new("auditoria-cuenta", "Registro de cambios de su cuenta", ["Fecha", "Quién", "Acción", "Resumen"],
            [.. accountAudit.Select(e => (IReadOnlyList<string?>)[Time(e.AtUtc), e.ActorName, Action(e.Action), e.Summary])]));
        return sections;
    }

    public async Task<IReadOnlyList<DataSection>> ForPersonAsync(int personId, CancellationToken ct)
    {
        var p = await db.People.AsNoTracking().Where(x => x.Id == personId)
            .Select(x => new
            {
                x.DocumentType, x.DocumentNumber, x.GivenNames, x.FamilyNames, x.Email, x.Audience,
                Dependencia = x.Dependencia == null ? null : x.Dependencia.Name, x.Vinculo, x.Cargo,
                Colegio = x.Colegio == null ? null : x.Colegio.Name, x.Grade, x.BirthDate, x.CreatedUtc, x.AnonymizedUtc,
            }).SingleAsync(ct);
        var sections = new List<DataSection>
        {
            new("persona", "Datos personales",
                ["Tipo de documento", "Número de documento", "Nombres", "Apellidos", "Correo", "Público", "Dependencia", "Vínculo", "Cargo", "Colegio", "Grado", "Fecha de nacimiento", "Registrada", "Anonimizada"],
                [[p.DocumentType.ToString(), p.DocumentNumber, p.GivenNames, p.FamilyNames, p.Email,
                  Labels.Of(p.Audience), p.Dependencia, p.Vinculo is { } vinculo ? Labels.Of(vinculo) : null, p.Cargo,
                  p.Colegio, PersonRules.GradeLabel(p.Grade), p.BirthDate is { } birth ? Bogota.FormatDate(birth) : null,
                  Time(p.CreatedUtc), p.AnonymizedUtc is { } a ? Time(a) : null]]),
        };

        var consents = await db.Consents.AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.GivenUtc)
            .Select(c => new { c.Kind, c.TextVersion, c.GivenUtc, c.GuardianName, c.GuardianRelationship, c.GuardianDocument, c.Method })
            .ToListAsync(ct);
        sections.Add(new("consentimientos", "Autorizaciones de tratamiento de datos",
            ["Tipo", "Versión del aviso", "Fecha", "Acudiente", "Parentesco", "Documento del acudiente", "Forma"],
            [.. consents.Select(c => (IReadOnlyList<string?>)[Labels.Of(c.Kind),
                c.TextVersion, Time(c.GivenUtc), c.GuardianName, c.GuardianRelationship, c.GuardianDocument, c.Method])]));

        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.PersonId == personId).OrderBy(e => e.EnrolledUtc)
            .Select(e => new { e.Id, e.CourseId, e.CourseVersion.Title, e.CourseVersion.Version, e.Source, Cohort = e.Cohort == null ? null : e.Cohort.Name, e.EnrolledUtc, e.CompletedUtc, e.WithdrawnUtc })
            .ToListAsync(ct);
        sections.Add(new("inscripciones", "Inscripciones", ["Curso", "Versión", "Cómo se inscribió", "Grupo", "Inscripción", "Terminado", "Retiro"],
            [.. enrollments.Select(e => (IReadOnlyList<string?>)[e.Title, e.Version, Labels.Of(e.Source), e.Cohort, Time(e.EnrolledUtc),
                e.CompletedUtc is { } c ? Time(c) : null, e.WithdrawnUtc is { } w ? Time(w) : null])]));

        var enrollmentIds = enrollments.Select(e => e.Id).ToList();
        var courseOf = enrollments.ToDictionary(e => e.Id, e => e.CourseId);
        var progress = await db.LessonProgress.AsNoTracking().Where(x => enrollmentIds.Contains(x.EnrollmentId))
            .OrderBy(x => x.CompletedUtc).Select(x => new { x.EnrollmentId, x.LessonId, x.CompletedUtc }).ToListAsync(ct);
        sections.Add(new("progreso", "Lecciones completadas", ["Curso", "Lección", "Fecha"],
            [.. progress.Select(x => (IReadOnlyList<string?>)[CourseTitle(courseOf[x.EnrollmentId]), ItemTitle(courseOf[x.EnrollmentId], x.LessonId), Time(x.CompletedUtc)])]));

        var attempts = await db.QuizAttempts.AsNoTracking().Where(x => enrollmentIds.Contains(x.EnrollmentId))
            .OrderBy(x => x.SubmittedUtc).Select(x => new { x.EnrollmentId, x.QuizId, x.SubmittedUtc, x.Score, x.Passed, x.LayoutJson, x.AnswersJson, x.QuizFingerprint })
            .ToListAsync(ct);
        sections.Add(new("intentos", "Intentos de evaluación", ["Curso", "Evaluación", "Fecha", "Puntaje", "Aprobó", "Respuestas"],
            [.. attempts.Select(x => (IReadOnlyList<string?>)[CourseTitle(courseOf[x.EnrollmentId]), ItemTitle(courseOf[x.EnrollmentId], x.QuizId), x.SubmittedUtc is { } submitted ? Time(submitted) : "(sin enviar)",
                x.Score.ToString(CultureInfo.InvariantCulture), x.Passed ? "Sí" : "No",
                ReadableAnswers(courseOf[x.EnrollmentId], x.QuizId, x.LayoutJson, x.AnswersJson, x.QuizFingerprint)])]));

        // Python practice (formative: it never gates completion) is held too: which exercise, when, and whether it matched.
        var exercises = await db.ExerciseAttempts.AsNoTracking().Where(x => enrollmentIds.Contains(x.EnrollmentId))
            .OrderBy(x => x.AttemptedUtc).ThenBy(x => x.Id).Select(x => new { x.EnrollmentId, x.LessonId, x.ExerciseId, x.AttemptedUtc, x.Correct }).ToListAsync(ct);
        sections.Add(new("practica-python", "Práctica de Python (ejercicios de las lecciones)", ["Curso", "Lección", "Ejercicio", "Fecha", "Resultado"],
            [.. exercises.Select(x => (IReadOnlyList<string?>)[CourseTitle(courseOf[x.EnrollmentId]), ItemTitle(courseOf[x.EnrollmentId], x.LessonId),
                ExerciseName(courseOf[x.EnrollmentId], x.LessonId, x.ExerciseId), Time(x.AttemptedUtc),
                x.Correct ? "Correcto: su programa imprimió lo que pedía el ejercicio" : "Aún no coincidía con lo que pedía el ejercicio"])]));

        var completions = await db.Completions.AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.CompletedUtc)
            .Select(c => new { c.CourseId, c.Source, c.CompletedUtc, c.Hours, c.VoidedUtc, c.ExternalCertificate,
                ImportFile = db.Set<Indicators.CompletionImport>().Where(i => i.Id == c.ImportId).Select(i => i.FileName).FirstOrDefault() }).ToListAsync(ct);
        sections.Add(new("finalizaciones", "Formaciones terminadas", ["Curso", "Modalidad", "Fecha", "Horas", "Origen", "Estado"],
            [.. completions.Select(c => (IReadOnlyList<string?>)[CourseTitle(c.CourseId), Labels.Of(c.Source),
                Time(c.CompletedUtc), c.Hours.ToString(CultureInfo.InvariantCulture),
                c.ImportFile is null ? "Registrado en SCARI" : $"Importado ({c.ImportFile}){(c.ExternalCertificate is { } ext ? $", certificado del otro sistema {ext}" : "")}",
                c.VoidedUtc is null ? "Vigente" : "Anulado"])]));

        var certificates = await db.Certificates.AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.IssuedUtc)
            .Select(c => new { c.Code, c.CourseTitle, c.HolderName, c.DocumentNumber, c.IssuedUtc, c.RevokedUtc }).ToListAsync(ct);
        sections.Add(new("certificados", "Certificados", ["Código", "Curso", "A nombre de", "Documento", "Emitido", "Revocado"],
            [.. certificates.Select(c => (IReadOnlyList<string?>)[c.Code, c.CourseTitle, c.HolderName, c.DocumentNumber, Time(c.IssuedUtc),
                c.RevokedUtc is { } r ? Time(r) : null])]));

        // Only that the person answered (what stops a survey from being offered or sent again): the answers themselves are
        // stored without the person, so nothing in SCARI can find them for this section.
        var receipts = await db.SurveyReceipts.AsNoTracking().Where(r => r.PersonId == personId).OrderBy(r => r.CourseId).ThenBy(r => r.Kind)
            .Select(r => new { r.CourseId, r.Kind, Title = db.CourseVersions.Where(v => v.CourseId == r.CourseId && v.IsCurrent).Select(v => v.Title).FirstOrDefault() })
            .ToListAsync(ct);
        sections.Add(new("encuestas", "Encuestas respondidas (solo la constancia: sus respuestas se guardan sin su nombre)", ["Curso", "Encuesta"],
            [.. receipts.Select(r => (IReadOnlyList<string?>)[r.Title ?? r.CourseId, Surveys.SurveyLinks.Name(r.Kind)])]));

        var id = personId.ToString(CultureInfo.InvariantCulture);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.TargetType == "Person" && e.TargetId == id).OrderBy(e => e.AtUtc)
            .Select(e => new { e.AtUtc, e.ActorName, e.Action, e.Summary }).ToListAsync(ct);
        sections.Add(new("auditoria", "Registro de cambios sobre usted", ["Fecha", "Quién", "Acción", "Resumen"],
            [.. audit.Select(e => (IReadOnlyList<string?>)[Time(e.AtUtc), e.ActorName, Action(e.Action), e.Summary])]));
        return sections;
    }

    private static string Time(DateTime utc) => Bogota.Format(utc);

    /// <summary>«Ejercicio 2 de la lección (suma)»: its place in the lesson as the course has it today, else its name in the file.</summary>
    private string ExerciseName(string courseId, string lessonId, string exerciseId)
    {
        var index = catalog.FindItem(courseId, lessonId) is Content.Lesson lesson
            ? lesson.Exercises.Select(e => e.Id).ToList().IndexOf(exerciseId)
            : -1;
        return index >= 0 ? $"Ejercicio {index + 1} de la lección ({exerciseId})" : $"Ejercicio «{exerciseId}»";
    }

    /// <summary>
    /// What the person answered, one line per question asked, in the words of the quiz: «2. ¿Qué es…? Respondió: Una
    /// contraseña larga». Never whether an answer was right: the quiz's review rule decides that on its own page. When the
    /// quiz changed after the attempt, the stored positions are all that can be said, and the text says so.
    /// </summary>
    private string ReadableAnswers(string courseId, string quizId, string? layoutJson, string answersJson, string fingerprint)
    {
        var answers = Learning.TakeQuiz.ReadAnswers(answersJson);
        if (answers.Count == 0 || answers.All(a => a.IsEmpty)) return "Sin respuestas";
        if (catalog.FindItem(courseId, quizId) is Content.Quiz quiz && fingerprint == quiz.Fingerprint
            && (Learning.AttemptLayout.FromJson(layoutJson) ?? Learning.AttemptLayout.Identity(quiz)) is { } layout && layout.FitsIn(quiz))
            return string.Join("\n", layout.Questions.Select((shown, p) =>
            {
                var question = quiz.Questions[shown.Question];
                var answer = p < answers.Count ? answers[p] : Learning.QuestionAnswer.None;
                var given = answer.IsEmpty ? "(sin respuesta)"
                    : answer.Typed is { } typed ? $"«{typed.Trim()}»"
                    : string.Join("; ", answer.Chosen.Where(i => i >= 0 && i < question.Options.Count).Select(i => question.Options[i].PlainText));
                return $"{p + 1}. {question.PlainPrompt} Respondió: {given}";
            }));
        return "La evaluación cambió después de este intento; sus respuestas quedaron guardadas por posición:\n" + string.Join("\n", answers.Select((a, p) =>
            $"{p + 1}. " + (a.IsEmpty ? "(sin respuesta)" : a.Typed is { } typed ? $"«{typed.Trim()}»" : "opción " + string.Join(" y ", a.Chosen.Select(i => i + 1)))));
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>{ "cuenta": [ { "Usuario": "…" } ], … }</summary>
    public static byte[] ToJson(IReadOnlyList<DataSection> sections)
    {
        var doc = sections.ToDictionary(s => s.Key, s => s.Rows.Select(r =>
            s.Columns.Select((c, i) => (c, v: r[i])).ToDictionary(x => x.c, x => x.v)).ToList());
        return JsonSerializer.SerializeToUtf8Bytes(doc, Json);
    }

    /// <summary>One line per value: sección;registro;campo;valor. UTF-8 with BOM and ';', as Excel in Colombia opens it.</summary>
    public static byte[] ToCsv(IReadOnlyList<DataSection> sections)
    {
        var sb = new StringBuilder("sección;registro;campo;valor\r\n");
        foreach (var s in sections)
            for (var r = 0; r < s.Rows.Count; r++)
                for (var c = 0; c < s.Columns.Count; c++)
                    sb.Append(Spreadsheet.Cell(s.Title)).Append(';').Append(r + 1).Append(';')
                      .Append(Spreadsheet.Cell(s.Columns[c])).Append(';').Append(Spreadsheet.Cell(s.Rows[r][c])).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }
}
