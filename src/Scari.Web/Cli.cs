namespace Scari.Web;

/// <summary>The verbs that <c>dotnet run --project src/Scari.Web -- VERB</c> understands.</summary>
internal static class Cli
{
    private static readonly string[] Verbs = ["migrate", "content check [ruta]", "certificate verify ARCHIVO.jwt --key CLAVES.json", "certificate verify ARCHIVO.json [--key CLAVE.pem]",
        "certificate rotate-key [--desde AAAA-MM-DDTHH:MM:SSZ]", "report verify ARCHIVO-PUBLICO [ARCHIVO-DE-PERSONAS]", "open-data export CARPETA"];

    public static (string? Verb, string[] HostArgs) Split(string[] args) =>
        args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=')
            ? (first, args[1..])
            : (null, args);

    /// <summary><c>content check [ruta]</c>: runs without a database, before the web host is configured.</summary>
    public static int Content(string[] args) => Scari.Web.Content.ContentCheckCommand.Run(args, Console.Out, Console.Error);

    public static int Unknown(string verb)
    {
        Console.Error.WriteLine($"Orden desconocida: «{verb}». Órdenes disponibles: {string.Join(", ", Verbs)}.");
        return 2;
    }
}
