import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { secretMappingProblems, SecretMapping } from '../../lib/secretMappings';

/** The name templates use: `ui:field: ExternalSecretMappings`. */
export const SECRET_MAPPINGS_FIELD_NAME = 'ExternalSecretMappings';

/**
 * The mappings of the `external-secret-pipeline` template: rendered by the form's own array
 * field (add, remove, reorder, per-item schema messages), plus the checks JSON Schema cannot
 * express, so a repeated Secret key is refused on the page instead of after submission.
 */
export function SecretMappingsField(
  props: FieldExtensionComponentProps<SecretMapping[]>,
) {
  const { ArrayField } = props.registry.fields;
  return <ArrayField {...props} />;
}

export const validateSecretMappings: CustomFieldValidator<SecretMapping[]> = (
  mappings,
  validation,
) => {
  for (const problem of secretMappingProblems(mappings)) {
    validation.addError(problem);
  }
};
