namespace NtkPure; public static class Placeholder {}
