import { SearchInput, useTranslate, type SearchInputProps } from 'react-admin';

export type QuickSearchInputProps = Omit<SearchInputProps, 'placeholder'> & {
  /** i18n key saying what the search looks at, e.g. "identifier, order number, email, card last four". */
  placeholder: string;
};

/** The list's `q` filter, with a placeholder that says what it searches. */
export const QuickSearchInput = ({ placeholder, ...props }: QuickSearchInputProps) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate(placeholder)} sx={{ minWidth: 340 }} />;
};
