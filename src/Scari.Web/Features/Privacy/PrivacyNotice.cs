namespace Scari.Web.Features.Privacy;

/// <summary>
/// The data-treatment notice (aviso de privacidad, Ley 1581 de 2012 and Decreto 1377 de 2013). A consent stores
/// the <see cref="Version"/> it accepted; change the text only together with a new version, and keep the old
/// versions in <see cref="Versions"/> so any stored consent can be shown with the text the person accepted.
/// </summary>
public static class PrivacyNotice
{
    public sealed record Text(string Version, DateOnly Published, IReadOnlyList<(string Heading, string Body)> Sections);

    public static readonly IReadOnlyList<Text> Versions =
    [
        new("2026-1", new DateOnly(2026, 1, 15),
        [
            ("Responsable del tratamiento",
             "La Alcaldía, por medio de la dependencia a cargo del programa de formación en TIC y 4ta Revolución Industrial, es responsable del tratamiento de los datos personales que se recogen en SCARI."),
            ("Datos que se recogen",
             "Tipo y número de documento, nombres y apellidos, correo electrónico; para servidores públicos, dependencia, vínculo y cargo; para estudiantes, colegio, grado y fecha de nacimiento. Además, los cursos, avances, evaluaciones y certificados de cada persona."),
            ("Finalidades",
             "Inscribir y acompañar a las personas en los cursos, emitir y verificar certificados, y medir los indicadores del plan de desarrollo (personas formadas). Los informes públicos muestran solo totales, nunca nombres."),
            ("Niñas, niños y adolescentes",
             "Los datos de menores de 18 años se tratan respetando su interés superior, solo con la autorización de su madre, padre o representante legal, que queda registrada (quién la dio, cuándo y cómo), y se limitan a lo necesario para su formación."),
            ("Sus derechos",
             "Usted puede conocer, actualizar, rectificar y pedir la supresión de sus datos, solicitar prueba de esta autorización, ser informado del uso que se les ha dado, revocar la autorización y presentar quejas ante la Superintendencia de Industria y Comercio. Puede ver y descargar sus datos desde su cuenta o pedirlo a la Unidad de Atención al Ciudadano."),
            ("Vigencia",
             "Los datos se conservan mientras dure el programa y el tiempo que exijan las normas de archivo. Si se suprime una persona, sus datos se anonimizan y solo se conservan cifras que no la identifican."),
        ]),
    ];

    public static Text Current => Versions[^1];

    public static string Version => Current.Version;

    public static Text? Find(string? version) => Versions.FirstOrDefault(v => v.Version == version);
}
