using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.Privacy;

namespace Scari.Web;

/// <summary>
/// The one place where a code the app stores (an audit action, the kind of object it touched, an enum) becomes the
/// Spanish words a person reads. Pages, exports and Mis datos call it; none shows a stored identifier as it is.
/// </summary>
public static class Labels
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["account.2fa-disabled"] = "Desactivó el ingreso en dos pasos",
        ["account.2fa-enabled"] = "Activó el ingreso en dos pasos",
        ["account.2fa-recovery-codes"] = "Generó códigos de recuperación",
        ["account.admin-created"] = "Cuenta de administrador creada",
        ["account.created"] = "Cuenta del equipo creada",
        ["account.email-confirmed"] = "Correo confirmado",
        ["account.invitation-accepted"] = "Invitación aceptada",
        ["account.invitation-resent"] = "Invitación enviada de nuevo",
        ["account.password-changed"] = "Contraseña cambiada",
        ["account.password-reset"] = "Contraseña restablecida",
        ["account.reset-ignored"] = "Pedido de restablecer contraseña no atendido",
        ["account.reset-requested"] = "Pidió restablecer la contraseña",
        ["account.role-changed"] = "Rol o alcance de la cuenta cambiado",
        ["account.sessions-closed"] = "Sesiones cerradas",
        ["attendance.imported"] = "Asistencia importada",
        ["attendance.recorded"] = "Asistencia registrada",
        ["calendar-feed.renewed"] = "Enlace del calendario renovado",
        ["calendar-feed.revoked"] = "Enlace del calendario anulado",
        ["catalogue.alias-added"] = "Nombre equivalente agregado al catálogo",
        ["catalogue.alias-removed"] = "Nombre equivalente quitado del catálogo",
        ["catalogue.colegio-added"] = "Colegio agregado",
        ["catalogue.colegio-renamed"] = "Colegio renombrado",
        ["catalogue.dependencia-added"] = "Dependencia agregada",
        ["catalogue.dependencia-renamed"] = "Dependencia renombrada",
        ["catalogue.deactivated"] = "Desactivado en el catálogo",
        ["catalogue.reactivated"] = "Activado de nuevo en el catálogo",
        ["certificate.document-check-refused"] = "Consulta de documento rechazada",
        ["certificate.document-checked"] = "Documento del certificado consultado",
        ["certificate.issued"] = "Certificado emitido",
        ["certificate.key-rotated"] = "Clave de firma renovada",
        ["certificate.reissued"] = "Certificado reemitido",
        ["certificate.revoked"] = "Certificado revocado",
        ["cohort.created"] = "Cohorte creada",
        ["completion.restored"] = "Anulación de un registro deshecha",
        ["completion.voided"] = "Registro de formación anulado",
        ["cohort.member_added"] = "Agregada a una cohorte",
        ["cohort.reminders"] = "Recordatorios de la cohorte cambiados",
        ["cohort.signin-slips-printed"] = "Hojas de códigos de la cohorte impresas",
        ["content.reloaded"] = "Contenido recargado",
        ["content.version.stored"] = "Versión de curso guardada",
        ["cutoff.people-file-downloaded"] = "Archivo de personas de un corte descargado",
        ["cutoff.evidence-downloaded"] = "Paquete de evidencia de un corte descargado",
        ["cutoff.published"] = "Corte publicado",
        ["enrollment.created"] = "Inscripción",
        ["enrollment.withdrawn"] = "Retiro de un curso",
        ["import.history"] = "Importación de historial de formación",
        ["import.people"] = "Importación de personas",
        ["mail.digest-off"] = "Dejó de recibir el resumen semanal",
        ["mail.digest-on"] = "Volvió a recibir el resumen semanal",
        ["mail.reminders-off"] = "Dejó de recibir recordatorios",
        ["mail.reminders-on"] = "Volvió a recibir recordatorios",
        ["mail.resent"] = "Correo enviado de nuevo",
        ["person.anonymized"] = "Persona anonimizada",
        ["person.document-corrected"] = "Documento corregido",
        ["person.document-renewed"] = "Documento renovado",
        ["person.duplicate-dismissed"] = "Posible duplicado descartado",
        ["person.merge-undone"] = "Unión de registros deshecha",
        ["person.imported"] = "Personas registradas desde una lista de asistencia",
        ["person.merged"] = "Registros unidos",
        ["person.self-registered"] = "Se registró en SCARI",
        ["person.signin-code-issued"] = "Código de ingreso entregado",
        ["person.staff-created"] = "Funcionario creado",
        ["person.student-created"] = "Estudiante creado",
        ["person.updated"] = "Datos de la persona cambiados",
        ["population.imported"] = "Población importada",
        ["signin.throttle-cleared"] = "Espera de ingreso levantada",
        ["training-session.cancelled"] = "Sesión presencial cancelada",
        ["training-session.created"] = "Sesión presencial programada",
        ["training-session.rescheduled"] = "Sesión presencial reprogramada",
        ["training-session.tutor-assigned"] = "Tutor de una sesión asignado",
    };

    /// <summary>The areas an action starts with (the audit filter offers them as «todas las …»).</summary>
    private static readonly Dictionary<string, string> Areas = new(StringComparer.Ordinal)
    {
        ["account"] = "Cuentas",
        ["attendance"] = "Asistencia",
        ["calendar-feed"] = "Calendario",
        ["catalogue"] = "Catálogos",
        ["certificate"] = "Certificados",
        ["cohort"] = "Cohortes",
        ["completion"] = "Registros de formación",
        ["content"] = "Contenido",
        ["cutoff"] = "Cortes",
        ["enrollment"] = "Inscripciones",
        ["import"] = "Importaciones",
        ["mail"] = "Correo",
        ["person"] = "Personas",
        ["population"] = "Población",
        ["signin"] = "Ingreso",
        ["training-session"] = "Formación presencial",
    };

    private static readonly Dictionary<string, string> Targets = new(StringComparer.Ordinal)
    {
        ["Certificate"] = "Certificado",
        ["Cohort"] = "Cohorte",
        ["Colegio"] = "Colegio",
        ["Completion"] = "Registro de formación",
        ["CompletionImport"] = "Importación de historial",
        ["Content"] = "Contenido",
        ["Course"] = "Curso",
        ["CredentialSigningKey"] = "Clave de firma",
        ["CutoffPublication"] = "Corte",
        ["Dependencia"] = "Dependencia",
        ["Enrollment"] = "Inscripción",
        ["ImportBatch"] = "Importación",
        ["OutboxMessage"] = "Correo",
        ["Person"] = "Persona",
        ["PopulationBatch"] = "Población",
        ["ScariUser"] = "Cuenta",
        ["User"] = "Cuenta",
        ["SignInThrottle"] = "Espera de ingreso",
        ["TrainingSession"] = "Sesión presencial",
    };

    /// <summary>Every audit action the app writes, with its label (for the audit filter and the test that none is missing).</summary>
    public static IReadOnlyDictionary<string, string> AuditActions => Actions;
    public static IReadOnlyDictionary<string, string> AuditAreas => Areas;

    /// <summary>
    /// «Certificado emitido» for «certificate.issued», or null for an action this version does not write (an older
    /// version's, or a test's): the page then shows the stored code as it is, rather than hide what happened.
    /// </summary>
    public static string? AuditAction(string action) => Actions.GetValueOrDefault(action);

    public static string AuditArea(string prefix) => Areas.TryGetValue(prefix.TrimEnd('.'), out var area) ? area : "Otras acciones";

    /// <summary>«Persona» for «Person», «Cuenta» for «ScariUser»; an unknown kind as it is stored.</summary>
    public static string AuditTarget(string targetType) => Targets.TryGetValue(targetType, out var label) ? label : targetType;

    public static string Of(Audience audience) => audience == Audience.Staff ? "Servidor público" : "Estudiante";

    public static string Of(Vinculo vinculo) => vinculo == Vinculo.Planta ? "Planta" : "Contratista";

    public static string Of(EnrollmentSource source) => source switch
    {
        EnrollmentSource.Self => "Se inscribió en línea",
        EnrollmentSource.Staff => "Inscrito por el equipo",
        EnrollmentSource.Cohort => "Con su cohorte",
        EnrollmentSource.Import => "Por importación",
        _ => "Otro",
    };

    public static string Of(CompletionSource source) => source switch { CompletionSource.Online => "En línea", CompletionSource.External => "Externa", _ => "Presencial" };

    /// <summary>Where a completion came from, as the lists of completions say it: «Presencial», or «Externa · Importado (historial)».</summary>
    public static string Origin(CompletionSource source, bool imported) => Of(source) + (imported ? " · Importado (historial)" : "");

    /// <summary>The kinds of e-mail the outbox holds (<c>MailDraft.Kind</c>), as /admin/correo names them.</summary>
    private static readonly Dictionary<string, string> MailKinds = new(StringComparer.Ordinal)
    {
        ["aviso.certificado"] = "Aviso de certificado",
        ["aviso.certificado-reemplazado"] = "Aviso de certificado reemplazado",
        ["aviso.certificado-revocado"] = "Aviso de certificado revocado",
        ["aviso.inscripcion"] = "Aviso de inscripción",
        ["aviso.sesion"] = "Aviso de sesión presencial",
        ["cuenta.confirmar-correo"] = "Confirmación del correo",
        ["cuenta.invitacion"] = "Invitación al equipo",
        ["cuenta.restablecer"] = "Restablecer la contraseña",
        ["encuesta.impacto"] = "Encuesta de impacto",
        ["encuesta.satisfaccion"] = "Encuesta de satisfacción",
        ["recordatorio.cierre"] = "Recordatorio: el curso cierra pronto",
        ["recordatorio.no-inicia"] = "Recordatorio: no ha empezado",
        ["recordatorio.resumen"] = "Resumen semanal del coordinador",
        ["recordatorio.sin-avance"] = "Recordatorio: sin avance",
    };

    /// <summary>Every kind of e-mail the app writes, with its label (for the test that none is missing).</summary>
    public static IReadOnlyDictionary<string, string> MailKindLabels => MailKinds;

    /// <summary>«Aviso de inscripción» for «aviso.inscripcion»; a kind this version does not write, as it is stored.</summary>
    public static string MailKind(string kind) => MailKinds.TryGetValue(kind, out var label) ? label : kind;

    public static string Of(ConsentKind kind) => kind == ConsentKind.DataTreatment ? "Tratamiento de datos" : "Autorización del acudiente";
}
