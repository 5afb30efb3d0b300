export {
  SECRET_MAPPINGS_FIELD_NAME,
  SecretMappingsField,
  validateSecretMappings,
} from './SecretMappingsField';
