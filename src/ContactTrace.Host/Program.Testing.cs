/// <summary>Lets <c>WebApplicationFactory&lt;Program&gt;</c> reach the host.</summary>
public partial class Program;
