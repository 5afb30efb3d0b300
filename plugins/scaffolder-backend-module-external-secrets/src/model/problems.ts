/** One thing wrong with a generated file, named by file and field so a person can fix it. */
export interface Problem {
  /** Workspace-relative path of the file, when the problem is in one. */
  file?: string;
  /** The object inside the file, e.g. `ExternalSecret checkout/checkout-db`. */
  object?: string;
  /** Dotted path of the field, e.g. `spec.data[1].secretKey`. */
  field: string;
  message: string;
}

/** Reports one problem of the object being checked, by field. */
export type ReportProblem = (field: string, message: string) => void;

/**
 * The problems of one object (`ExternalSecret checkout/checkout-db`, `IAM policy`) and the
 * function that reports one, naming the object.
 */
export function problemsOf(object: string): {
  problems: Problem[];
  problem: ReportProblem;
} {
  const problems: Problem[] = [];
  return {
    problems,
    problem: (field, message) => {
      problems.push({ object, field, message });
    },
  };
}

/** `file (object): field: message`, the parts that are known. */
export function formatProblem(problem: Problem): string {
  const where = [
    problem.file,
    problem.object ? `(${problem.object})` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return `${where ? `${where}: ` : ''}${problem.field}: ${problem.message}`;
}

/** One message for all problems, each on its own line. */
export function formatProblems(problems: Problem[]): string {
  const count = problems.length;
  return [
    `${count} problem${
      count === 1 ? '' : 's'
    } in the generated secret pipeline:`,
    ...problems.map(p => `- ${formatProblem(p)}`),
  ].join('\n');
}

/** `spec.data[0].remoteRef` from a JSON pointer such as `/spec/data/0/remoteRef`. */
export function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (field, part) =>
        /^\d+$/.test(part)
          ? `${field}[${part}]`
          : `${field}${field ? '.' : ''}${part}`,
      '',
    );
}
